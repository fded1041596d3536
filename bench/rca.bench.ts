/**
 * Root-cause ranking on third-party data: the Nezha (FSE'23) fault-injection datasets.
 *
 *   node bench/rca.bench.ts [--data <dir>] [--dataset <name part>] [--delay-minutes <n>]
 *     [--dump <file>] [--expect <file>] [--baseline-module <file>]
 *
 * `--dump` writes every fault's ranking (services, scores, reasons) as JSON; `--expect` compares the
 * rankings with such a dump and exits 1 on any difference, so a speed change can prove it kept the
 * answers. `--baseline-module` loads another implementation of `rankRootCauses` (e.g. the previous
 * commit's, extracted with `git archive`, see docs/rca.md) and runs it on the same store for every
 * fault, alternating which goes first, so both timings come from the same machine state and the
 * printed ratio is fair under load.
 *
 * Extracts each matching archive in <dir> (default ../shared/data/nezha), replays each labelled day
 * into a fresh Cairn (started as `cairn up` starts it, own temp data dir, listening on a loopback
 * port) with the original timestamps — as OTLP/JSON requests to its OTLP/HTTP ingest, signed with an
 * ingest-scoped token, so the data reaches the store the way a Collector's would — asks for the
 * root-cause ranking of every fault at its injection time on the entry service (the one owning the
 * most root spans, as an SLO alert on the user-facing entry point would), and scores it against the
 * labels.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { rankRootCauses } from '../src/modules/context/index.ts';
import { accuracyAt, averageAt5, type Outcome } from './rca/ac-at-k.ts';
import { startFreshCairn } from './rca/fresh-cairn.ts';
import { extractArchives, findDays, type NezhaDay } from './rca/nezha-dataset.ts';
import { replayDay } from './rca/nezha-replay.ts';
import { type DumpedRanking, readRankings, reportComparison } from './rca/ranking-compare.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data/nezha') },
    dataset: { type: 'string', default: 'trainticket' },
    'delay-minutes': { type: 'string', default: '3' },
    dump: { type: 'string' },
    expect: { type: 'string' },
    'baseline-module': { type: 'string' },
  },
});
// A fast-burn SLO alert pages a few minutes after the symptom starts; the context is what Cairn
// would compute at that moment, so data after it is not looked at.
const delayMinutes = Number(values['delay-minutes']);
const log = (line: string) => process.stderr.write(`[rca] ${line}\n`);

/** Published service-level results on TrainTicket (Nezha, FSE'23, Table 3), in percent. */
const PUBLISHED: readonly [string, number, number, number][] = [
  ['Nezha', 86.67, 97.78, 97.78],
  ['PDiagnose', 8.89, 13.33, 22.22],
  ['MicroRank', 15.56, 24.44, 35.56],
  ['MicroRCA', 20.0, 31.11, 44.44],
];

const baseline: Ranker | undefined = values['baseline-module']
  ? await loadRanker(pathToFileURL(resolve(values['baseline-module'])).href)
  : undefined;
const dumped: FaultRanking[] = [];
const baselineDumped: FaultRanking[] = [];

async function evaluateDay(day: NezhaDay): Promise<Outcome[]> {
  const oldest = day.faults[0]?.onset ?? new Date();
  const cairn = await startFreshCairn(new Date(oldest.getTime() - 86_400_000));
  try {
    const store = cairn.runtime.telemetry;
    const started = performance.now();
    const counts = await replayDay({ url: cairn.url, token: cairn.ingestToken }, day.telemetryDirs, log);
    log(
      `replayed ${counts.spans} spans, ${counts.logs} log lines, ${counts.metricPoints} metric points in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s through OTLP/HTTP; entry service ${counts.entryService}`,
    );
    if (counts.spans === 0 || counts.logs === 0) {
      // Some published archives hold only part of a day (e.g. pod metrics alone): say so, since the
      // ranking reads the call graph from traces and most faults show only in traces and logs.
      log(
        `warning: ${day.archive} ${day.day} has ${counts.spans} spans and ${counts.logs} log lines; without ` +
          'traces and logs only resource gauges can rank, and only for the entry service and what traces show it calling',
      );
    }
    const outcomes: Outcome[] = [];
    console.log(
      `\n${day.archive} ${day.day}: ${day.faults.length} faults, entry service ${counts.entryService}`,
    );
    console.log(
      `${'#'.padStart(3)}  ${'onset (UTC)'.padEnd(20)} ${'type'.padEnd(15)} ${'true service'.padEnd(30)} top 3 (ms)`,
    );
    const timings: number[] = [];
    const baselineTimings: number[] = [];
    // The machine may be shared: the load says how far the times are from a quiet machine's.
    const loadAtStart = loadavg()[0] ?? 0;
    for (const [i, fault] of day.faults.entries()) {
      log(`evaluating fault ${i + 1}/${day.faults.length}`);
      const query = {
        onset: fault.onset,
        services: [counts.entryService],
        at: new Date(fault.onset.getTime() + delayMinutes * 60_000),
        excludeFromBaseline: earlierIncidents(day.faults.slice(0, i)),
      };
      const timed = async (rank: Ranker, into: number[]) => {
        const t0 = performance.now();
        const analysis = await rank({ telemetry: store }, query);
        into.push(performance.now() - t0);
        return analysis;
      };
      // Alternate which implementation runs first, so neither always meets a warm or a cold cache.
      const baselineFirst = baseline !== undefined && i % 2 === 1;
      const before = baseline && baselineFirst ? await timed(baseline, baselineTimings) : undefined;
      const result = await timed(rankRootCauses, timings);
      const after = baseline && !baselineFirst ? await timed(baseline, baselineTimings) : before;
      const key = { day: day.day, onset: fault.onset.toISOString(), truth: fault.service };
      dumped.push({ ...key, analysis: result });
      if (after) baselineDumped.push({ ...key, analysis: after });
      const ranking = result.rootCauseServices.map((r) => r.service);
      outcomes.push({ truth: fault.service, ranking });
      const hit =
        ranking[0] === fault.service ? '✓' : ranking.slice(0, 3).includes(fault.service) ? '~' : '✗';
      console.log(
        `${String(i + 1).padStart(3)}${hit} ${fault.onset.toISOString().slice(0, 19).replace('T', ' ').padEnd(20)} ` +
          `${fault.type.padEnd(15)} ${fault.service.padEnd(30)} ${ranking.slice(0, 3).join(', ') || '(none)'} ` +
          `(${Math.round(timings.at(-1) ?? 0)})`,
      );
    }
    console.log(
      `ranking time per fault: ${summariseTimings(timings, baselineTimings)}; load average (1 min) ` +
        `${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
    );
    printHalves(outcomes);
    return outcomes;
  } finally {
    await cairn.close();
  }
}

/**
 * The incidents this harness opened before a fault, as the incident context engine would find them
 * in the state store: each is opened at its fault's onset on the entry service and resolved once its
 * context has been read, `delayMinutes` later (each fault's data ends about then). Their stretches
 * are left out of the next faults' baselines, as they would be in Cairn.
 */
function earlierIncidents(faults: readonly { onset: Date }[]): { from: Date; to: Date }[] {
  return faults.map((f) => ({ from: f.onset, to: new Date(f.onset.getTime() + delayMinutes * 60_000) }));
}

/**
 * The day's faults split in two by time: the signals were developed looking at the first half
 * only, so the second half is the held-out check (and a gap between the two shows overfitting).
 */
function printHalves(outcomes: readonly Outcome[]): void {
  const half = Math.ceil(outcomes.length / 2);
  const parts: [string, readonly Outcome[]][] = [
    [`first half (${half})`, outcomes.slice(0, half)],
    [`second half (${outcomes.length - half})`, outcomes.slice(half)],
  ];
  for (const [label, part] of parts) {
    const pct = (v: number) => (v * 100).toFixed(2);
    console.log(
      `${label.padEnd(20)} AC@1 ${pct(accuracyAt(part, 1))}  AC@3 ${pct(accuracyAt(part, 3))}  ` +
        `AC@5 ${pct(accuracyAt(part, 5))}  Avg@5 ${pct(averageAt5(part))}`,
    );
  }
}

function printTable(outcomes: readonly Outcome[]): void {
  const pct = (v: number) => (v * 100).toFixed(2).padStart(7);
  console.log(`\n${'method'.padEnd(22)}   AC@1    AC@3    AC@5   Avg@5`);
  console.log(
    `${`Cairn (${outcomes.length} faults)`.padEnd(22)} ${pct(accuracyAt(outcomes, 1))} ${pct(accuracyAt(outcomes, 3))} ` +
      `${pct(accuracyAt(outcomes, 5))} ${pct(averageAt5(outcomes))}`,
  );
  for (const [name, a1, a3, a5] of PUBLISHED) {
    console.log(
      `${`${name} (published)`.padEnd(22)} ${a1.toFixed(2).padStart(7)} ${a3.toFixed(2).padStart(7)} ${a5.toFixed(2).padStart(7)}       —`,
    );
  }
  const nezha = PUBLISHED[0];
  if (nezha) {
    console.log(
      `ratio to Nezha: AC@1 ${((accuracyAt(outcomes, 1) * 100) / nezha[1]).toFixed(2)}×, ` +
        `AC@3 ${((accuracyAt(outcomes, 3) * 100) / nezha[2]).toFixed(2)}×`,
    );
  }
  console.log(
    'targets: AC@1 ≥ 87.00, AC@3 ≥ 98.00 (published figures cover both TrainTicket days, 45 faults)',
  );
}

if (!existsSync(values.data)) {
  console.log(`rca: skipped — no dataset directory at ${values.data} (pass --data <dir>)`);
  process.exit(0);
}
const roots = extractArchives(values.data, values.dataset, log);
const days = roots.flatMap((root) => findDays(root, root.split('/').at(-1) ?? root));
if (days.length === 0) {
  console.error(
    `no rca_data/<day>/<day>-fault_list.json found under ${values.data} for dataset "${values.dataset}"`,
  );
  process.exit(1);
}
const all: Outcome[] = [];
for (const day of days) all.push(...(await evaluateDay(day)));
printTable(all);
if (values.dump) {
  writeFileSync(values.dump, `${JSON.stringify(dumped, null, 1)}\n`);
  log(`wrote ${dumped.length} rankings to ${values.dump}`);
}
const expected: readonly FaultRanking[] | undefined = values.expect
  ? (readRankings(values.expect) as FaultRanking[])
  : baseline
    ? baselineDumped
    : undefined;
if (expected) reportComparison(expected, dumped, values.expect ?? 'the baseline module');

/** One fault's ranking as `--dump` writes it. */
interface FaultRanking extends DumpedRanking {
  day: string;
  truth: string;
}

/** An implementation of the ranking: this tree's, or one loaded by `--baseline-module`. */
type Ranker = typeof rankRootCauses;

async function loadRanker(url: string): Promise<Ranker> {
  const module: unknown = await import(url);
  if (
    typeof module !== 'object' ||
    module === null ||
    !('rankRootCauses' in module) ||
    typeof module.rankRootCauses !== 'function'
  ) {
    throw new Error(`--baseline-module ${url} exports no rankRootCauses function`);
  }
  // Checked to be a function above; its signature is the one this harness calls (the flag is for
  // earlier versions of the same function, whose signature is kept stable).
  return module.rankRootCauses as Ranker;
}

function summariseTimings(timings: readonly number[], baselineTimings: readonly number[]): string {
  const stats = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
  };
  const now = stats(timings);
  const text = `median ${Math.round(now.median)} ms, max ${Math.round(now.max)} ms`;
  if (baselineTimings.length === 0) return text;
  const base = stats(baselineTimings);
  return (
    `${text}; baseline module median ${Math.round(base.median)} ms, max ${Math.round(base.max)} ms ` +
    `(ratio ${(now.median / base.median).toFixed(2)}× median, ${(now.max / base.max).toFixed(2)}× max)`
  );
}
