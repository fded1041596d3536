/**
 * The fault zoo: root-cause ranking on faults whose answer is known, because Cairn's demo shop
 * injected them.
 *
 *   node bench/zoo.bench.ts [--per-class 3] [--seed 1] [--rps 3] [--class <name>]… [--delay-minutes 3]
 *     [--dump <file>] [--expect <file>] [--data-dir <dir>] [--direct] [--baseline-module <file>]
 *     [--faults 3,11] [--profile]
 *
 * N faults of every class (src/demo/zoo/fault-classes.ts) at seeded random times and services of
 * the 10-service shop; the shop's traffic, with the faults, is played on a simulated clock through
 * the services' OpenTelemetry SDKs into a fresh Cairn. For each fault an Alertmanager alert on the
 * frontend opens an incident at onset; its context is read through `GET /api/v1/incidents/{id}/context`
 * `--delay-minutes` later (when a fast-burn alert would page), and the incident is resolved, so the
 * next faults' baselines leave it out. The ranking is scored against the injected service: AC@1,
 * AC@3, AC@5 and the time to the context, per class and overall, beside a naive baseline measured
 * on the same data in the same run (services ranked by the rise of their span error rate).
 * A load shift with no fault (noisy-neighbour) is right when nothing is named.
 *
 * `--data-dir` keeps the generated store in <dir>; a later run with the same options and directory
 * reads it again instead of replaying (the ranking can then be compared on identical data).
 * `--direct` ranks with `rankRootCauses` in-process instead of reading the whole context through
 * the API (same windows, the earlier faults left out of the baseline as their incidents would be):
 * faster, for comparing rankings. `--baseline-module` also ranks every fault with another
 * implementation of `rankRootCauses` (e.g. the previous commit's, see docs/rca.md) on the same store,
 * alternating which goes first, and prints both times and their ratio (same run, same machine state);
 * its rankings are compared with this tree's. `--dump` (with `--direct`) writes every ranking in
 * full (services, scores, reasons, evidence); `--expect` compares this run's with such a dump.
 * `--profile` prints where the ranking's time went: each store query by call site, summed over
 * the faults. The load average is printed with the times: the machine may be shared.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { alertmanagerPayload } from '../src/demo/alerts/alert-sender.ts';
import { createIngestToken } from '../src/demo/cairn-client.ts';
import { createRandom } from '../src/demo/random.ts';
import { SERVICE_PROFILES } from '../src/demo/shop/topology.ts';
import { FAULT_CLASS_NAMES, type FaultClassName } from '../src/demo/zoo/fault-classes.ts';
import {
  type RootCauseAnalysis,
  type RootCauseDeps,
  type RootCauseQuery,
  rankRootCauses,
} from '../src/modules/context/index.ts';
import { raw, sql } from '../src/stores/telemetry/index.ts';
import { percentile } from './bench-kit.ts';
import { type DumpedRanking, readRankings, reportComparison } from './rca/ranking-compare.ts';
import { naiveRanking } from './zoo/naive-ranking.ts';
import { profiledStore, type QueryTimings } from './zoo/profiled-store.ts';
import { startZooCairn } from './zoo/zoo-cairn.ts';
import { planZoo, playZoo, type ZooFault } from './zoo/zoo-traffic.ts';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    rps: { type: 'string', default: '3' },
    class: { type: 'string', multiple: true },
    'delay-minutes': { type: 'string', default: '3' },
    dump: { type: 'string' },
    'data-dir': { type: 'string' },
    direct: { type: 'boolean', default: false },
    'baseline-module': { type: 'string' },
    faults: { type: 'string' },
    expect: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const perClass = Number(values['per-class']);
const seed = Number(values.seed);
const rps = Number(values.rps);
const delayMinutes = Number(values['delay-minutes']);
const classes = (values.class ?? [...FAULT_CLASS_NAMES]) as FaultClassName[];
for (const name of classes) {
  if (!FAULT_CLASS_NAMES.includes(name))
    throw new Error(`unknown class ${name}; known: ${FAULT_CLASS_NAMES.join(', ')}`);
}
type Ranker = (deps: RootCauseDeps, query: RootCauseQuery) => Promise<RootCauseAnalysis>;
const previous: Ranker | undefined = values['baseline-module']
  ? ((await import(pathToFileURL(resolve(values['baseline-module'])).href)) as { rankRootCauses: Ranker })
      .rankRootCauses
  : undefined;

const log = (line: string) => process.stderr.write(`[zoo] ${line}\n`);
const minute = 60_000;

const dataDir = values['data-dir'];
const marker = dataDir ? join(dataDir, 'zoo-plan.json') : undefined;
const key = JSON.stringify({ seed, perClass, rps, classes, delayMinutes });
const played: { key: string; endMs: number } | undefined =
  marker && existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
if (played && played.key !== key)
  throw new Error(`${dataDir} holds a zoo played with other options: ${played.key}`);
const random = createRandom(seed);
const plan = planZoo({
  classes,
  perClass,
  random,
  // Whole minutes, ending ten minutes ago: every timestamp is in the past, as stored telemetry is.
  endMs: played?.endMs ?? Math.floor(Date.now() / minute) * minute - 10 * minute,
  warmupMinutes: 35,
  slotMinutes: delayMinutes + 5,
  faultMinutes: delayMinutes,
});
if (dataDir) mkdirSync(dataDir, { recursive: true });
const cairn = await startZooCairn(plan.startMs, dataDir);
const timings: QueryTimings = new Map();
const store = profiledStore(cairn.runtime.telemetry, timings);
// Alerts of an earlier run on the same store are already recorded; this run's must be new ones.
const runId = Date.now().toString(36);
try {
  const ingestToken = await createIngestToken(cairn.url, cairn.adminToken);
  if (!played) {
    const t0 = performance.now();
    const sent = await playZoo(plan, { url: cairn.url, token: ingestToken }, random, rps);
    // Merge the parts the replay wrote, as the background merges of the same simulated hours would have.
    for (const table of ['otel_traces', 'otel_logs', 'otel_metrics_gauge'])
      await cairn.runtime.telemetry.command(sql`OPTIMIZE TABLE ${raw(table)} FINAL`);
    log(
      `played ${Math.round((plan.endMs - plan.startMs) / minute)} simulated minutes: ${sent.requests} requests, ` +
        `${sent.gaugePoints} gauge points in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (marker) writeFileSync(marker, JSON.stringify({ key, endMs: plan.endMs }));
  } else {
    log(`reading the zoo stored in ${dataDir}`);
  }
  const rows: Row[] = [];
  // `--faults 3,11` ranks only those faults (1-based, as the log numbers them) of the same plan.
  const only = values.faults ? new Set(values.faults.split(',').map((n) => Number(n) - 1)) : undefined;
  const loadBefore = loadavg()[0] ?? 0;
  for (const fault of plan.faults)
    if (!only || only.has(fault.index)) rows.push(await evaluate(fault, ingestToken));
  printTables(rows, [loadBefore, loadavg()[0] ?? 0]);
  if (values.profile) printProfile(timings, rows.length);
  if (values.dump) writeFileSync(values.dump, `${JSON.stringify(rows, null, 1)}\n`);
  const rankings = rows.flatMap((r) => (r.analysis ? [{ onset: r.onset, analysis: r.analysis }] : []));
  const previousRankings = rows.flatMap((r) =>
    r.previousAnalysis ? [{ onset: r.onset, analysis: r.previousAnalysis }] : [],
  );
  const expected: readonly DumpedRanking[] | undefined = values.expect
    ? readRankings(values.expect).filter((r) => rows.some((row) => row.onset === r.onset))
    : previous
      ? previousRankings
      : undefined;
  if (expected) reportComparison(expected, rankings, values.expect ?? 'the baseline module');
} finally {
  await cairn.close();
}

interface Row {
  index: number;
  onset: string;
  className: FaultClassName;
  description: string;
  truth: string | undefined;
  ranking: string[];
  reasons: string[];
  naive: string[];
  previous: string[];
  contextMs: number;
  /** The previous implementation's time on the same fault (`--baseline-module`). */
  previousMs: number | undefined;
  /** CPU time of this process during the ranking (chDB runs in it), and the previous implementation's. */
  cpuMs: number | undefined;
  previousCpuMs: number | undefined;
  /** The whole ranking (`--direct` only), for `--expect`. */
  analysis: RootCauseAnalysis | undefined;
  previousAnalysis: RootCauseAnalysis | undefined;
}

async function evaluate(fault: ZooFault, ingestToken: string): Promise<Row> {
  const onset = new Date(fault.onsetMs);
  const at = new Date(fault.onsetMs + delayMinutes * minute);
  const earlier = plan.faults
    .filter((f) => f.index < fault.index)
    .map((f) => ({ from: new Date(f.onsetMs), to: new Date(f.onsetMs + delayMinutes * minute) }));
  const query = { onset, at, services: ['frontend'], excludeFromBaseline: earlier };
  const timed = async (rank: Ranker, deps: RootCauseDeps) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const analysis = await rank(deps, query);
    const used = process.cpuUsage(cpu);
    return { analysis, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  // Alternate which implementation runs first, so neither always meets a warm or a cold cache.
  const previousFirst = fault.index % 2 === 1;
  const plain = { telemetry: cairn.runtime.telemetry };
  let prior = previous && previousFirst ? await timed(previous, plain) : undefined;
  if (values.direct) {
    const own = await timed(rankRootCauses, values.profile ? { telemetry: store } : plain);
    if (previous && !previousFirst) prior = await timed(previous, plain);
    return record(fault, own.analysis.rootCauseServices, own.ms, onset, at, prior, own);
  }
  if (previous && !previousFirst) prior = await timed(previous, plain);
  cairn.setTime(at.getTime());
  const alert = {
    labels: {
      alertname: 'FrontendErrorBudgetBurn',
      service: 'frontend',
      severity: 'critical',
      zoo: `${runId}-${fault.index}`,
    },
    annotations: { summary: 'frontend is burning its error budget' },
  };
  await api(
    'POST',
    '/api/v1/integrations/alertmanager',
    ingestToken,
    alertmanagerPayload(alert, 'firing', onset, undefined),
  );
  const list = (await api('GET', '/api/v1/incidents?status=open', cairn.adminToken)) as {
    items: { id: string }[];
  };
  const incident = list.items[0];
  if (!incident) throw new Error(`no incident opened for fault ${fault.index}`);
  const started = performance.now();
  const context = (await api(
    'GET',
    `/api/v1/incidents/${incident.id}/context?at=${at.getTime()}`,
    cairn.adminToken,
  )) as { rootCauseServices: { service: string; reasons: string[] }[] };
  const contextMs = performance.now() - started;
  await api('POST', `/api/v1/incidents/${incident.id}/resolve`, cairn.adminToken, {});
  return record(fault, context.rootCauseServices, contextMs, onset, at, prior);
}

async function record(
  fault: ZooFault,
  ranked: readonly { service: string; reasons: string[] }[],
  contextMs: number,
  onset: Date,
  at: Date,
  prior: { analysis: RootCauseAnalysis; ms: number; cpuMs: number } | undefined,
  own?: { analysis: RootCauseAnalysis; cpuMs: number },
): Promise<Row> {
  const naive = await naiveRanking(cairn.runtime.telemetry, onset, at);
  const ranking = ranked.map((r) => r.service);
  const truth = fault.truth ? SERVICE_PROFILES[fault.truth].telemetryName : undefined;
  const row = {
    index: fault.index,
    onset: onset.toISOString(),
    className: fault.className,
    description: fault.description,
    truth,
    ranking,
    reasons: ranked[0]?.reasons.slice(0, 2) ?? [],
    naive,
    previous: prior?.analysis.rootCauseServices.map((r) => r.service) ?? [],
    contextMs,
    previousMs: prior?.ms,
    cpuMs: own?.cpuMs,
    previousCpuMs: prior?.cpuMs,
    analysis: own?.analysis,
    previousAnalysis: prior?.analysis,
  };
  const mark = hitAt(row.truth, ranking, 1) ? '✓' : hitAt(row.truth, ranking, 3) ? '~' : '✗';
  log(
    `${String(fault.index + 1).padStart(3)}${mark} ${fault.className.padEnd(22)} ${fault.description} → ` +
      `${ranking.slice(0, 3).join(', ') || '(none)'} (${Math.round(contextMs)} ms` +
      `${own ? `, ${Math.round(own.cpuMs)} ms CPU` : ''}` +
      `${prior ? `; previous ${Math.round(prior.ms)} ms, ${Math.round(prior.cpuMs)} ms CPU` : ''}; load ${loadavg()[0]?.toFixed(1)})`,
  );
  return row;
}

async function api(method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${cairn.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Right at k: the true service among the first k; for a load shift, nothing named at all. */
function hitAt(truth: string | undefined, ranking: readonly string[], k: number): boolean {
  return truth === undefined ? ranking.length === 0 : ranking.slice(0, k).includes(truth);
}

function printTables(rows: readonly Row[], load: readonly number[]): void {
  const groups: [string, readonly Row[]][] = [
    ...classes.map((name): [string, Row[]] => [name, rows.filter((r) => r.className === name)]),
    ['overall', rows],
  ];
  const share = (part: readonly Row[], pick: (r: Row) => string[], k: number) =>
    (part.filter((r) => hitAt(r.truth, pick(r), k)).length / Math.max(1, part.length)).toFixed(2);
  console.log(
    `\nfault zoo: ${rows.length} faults (${perClass} per class), seed ${seed}, ${rps} requests/s, context ${delayMinutes} min after onset`,
  );
  console.log(
    `${'class'.padEnd(24)} ${'n'.padStart(3)}  AC@1  AC@3  AC@5 | naive AC@1  AC@3  AC@5 | ` +
      `${values.direct ? 'ranking' : 'context'} p50  p95 (ms)${previous ? ' | previous AC@1  AC@3  AC@5' : ''}`,
  );
  for (const [name, part] of groups) {
    const ms = part.map((r) => r.contextMs);
    console.log(
      `${name.padEnd(24)} ${String(part.length).padStart(3)}  ${share(part, (r) => r.ranking, 1)}  ${share(part, (r) => r.ranking, 3)}  ` +
        `${share(part, (r) => r.ranking, 5)} |       ${share(part, (r) => r.naive, 1)}  ${share(part, (r) => r.naive, 3)}  ` +
        `${share(part, (r) => r.naive, 5)} | ${String(Math.round(percentile(ms, 50))).padStart(11)} ${String(Math.round(percentile(ms, 95))).padStart(4)}` +
        (previous
          ? ` |          ${share(part, (r) => r.previous, 1)}  ${share(part, (r) => r.previous, 3)}  ${share(part, (r) => r.previous, 5)}`
          : ''),
    );
  }
  const ac1 = rows.filter((r) => hitAt(r.truth, r.ranking, 1)).length / rows.length;
  const naive1 = rows.filter((r) => hitAt(r.truth, r.naive, 1)).length / rows.length;
  const times = rows.map((r) => r.contextMs);
  const before = rows.flatMap((r) => (r.previousMs === undefined ? [] : [r.previousMs]));
  if (before.length > 0) {
    const [p50, p95] = [percentile(times, 50), percentile(times, 95)];
    const [b50, b95] = [percentile(before, 50), percentile(before, 95)];
    console.log(
      `ranking time: p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms | baseline module: p50 ${Math.round(b50)} ms, ` +
        `p95 ${Math.round(b95)} ms | ratio ${(p50 / b50).toFixed(2)}x p50, ${(p95 / b95).toFixed(2)}x p95`,
    );
    const cpu = rows.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
    const cpuBefore = rows.flatMap((r) => (r.previousCpuMs === undefined ? [] : [r.previousCpuMs]));
    const [c50, c95, cb50, cb95] = [cpu, cpu, cpuBefore, cpuBefore].map((v, i) =>
      percentile(v, i % 2 ? 95 : 50),
    );
    if (c50 !== undefined && cb50 !== undefined && c95 !== undefined && cb95 !== undefined)
      console.log(
        `ranking CPU time: p50 ${Math.round(c50)} ms, p95 ${Math.round(c95)} ms | baseline module: p50 ${Math.round(cb50)} ms, ` +
          `p95 ${Math.round(cb95)} ms | ratio ${(c50 / cb50).toFixed(2)}x p50, ${(c95 / cb95).toFixed(2)}x p95`,
      );
  }
  console.log(
    `load average (1 min) on this machine: ${load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end`,
  );
  console.log(
    `ratio to the naive baseline: AC@1 ${(ac1 / Math.max(naive1, 1e-9)).toFixed(2)}x; targets AC@1 ≥ 0.90, AC@3 ≥ 0.98, ` +
      'every class AC@3 ≥ 0.80, ranking < 2 s per fault at p95',
  );
}

function printProfile(into: QueryTimings, faults: number): void {
  const total = [...into.values()].reduce((sum, t) => sum + t.ms, 0);
  const cpu = [...into.values()].reduce((sum, t) => sum + t.cpuMs, 0);
  console.log(
    `\nstore queries of the ranking, summed over ${faults} faults (${Math.round(total)} ms wall, ${Math.round(cpu)} ms CPU in all):`,
  );
  for (const [site, t] of [...into].sort((a, b) => b[1].cpuMs - a[1].cpuMs))
    console.log(
      `${String(Math.round(t.ms)).padStart(8)} ms ${String(Math.round(t.cpuMs)).padStart(8)} ms CPU ${String(t.calls).padStart(4)}×  ${site}`,
    );
}
