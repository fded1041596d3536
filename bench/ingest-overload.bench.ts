/**
 * Ingest under overload and a hard kill, against the real `cairn up` process on loopback.
 *
 * 1. Overload: with `ingest.maxInFlightRequests` = CAP, CAP senders (the baseline, nothing refused)
 *    then 8×CAP senders (each waiting out Retry-After after a 503, as OTLP exporters do) post OTLP/JSON spans, logs and points for a bounded time. Printed: accepted
 *    records/s against the baseline, the server's peak resident memory (VmRSS sampled every 20 ms)
 *    against the stated bound, acknowledged vs stored records (counted per request id after a
 *    clean stop), and 503s seen by senders vs refusals counted in /metrics.
 * 2. Durability: sustained ingest, SIGKILL, restart on the same data dir: records found vs
 *    records acknowledged, and requests found half-written.
 *
 * `--seconds N` sets each load phase's length (default 6), `--cap N` the in-flight cap (default 8).
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startListeningCairn } from '../test/ingest/ingest-harness.ts';
import {
  checkStored,
  countStoredByRequest,
  type LoadResult,
  runIngestLoad,
} from '../test/robustness/ingest-load.ts';
import { type CairnProcess, startCairn } from '../test/support/start-cairn.ts';
import { numberArg, report } from './bench-kit.ts';

const seconds = numberArg('seconds', 6);
const cap = numberArg('cap', 8);
const RECORDS_PER_REQUEST = 50;
/** The stated bound on the server's resident memory under overload. */
const RSS_BOUND_MIB = 1024;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function loadPhase(
  cairn: CairnProcess,
  service: string,
  senders: number,
): Promise<{ load: LoadResult; peakRssMiB: number }> {
  const pid = cairn.child.pid ?? 0;
  let peakRssMiB = rssMiB(pid);
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, rssMiB(pid));
  }, 20);
  const until = Date.now() + seconds * 1000;
  const load = await runIngestLoad({
    url: cairn.url,
    auth: `Bearer ${cairn.adminToken}`,
    service,
    senders,
    recordsPerRequest: RECORDS_PER_REQUEST,
    maxRequestsPerSender: 2000,
    stop: () => Date.now() >= until,
    honorRetryAfter: true,
  });
  clearInterval(sampler);
  return { load, peakRssMiB };
}

function acceptedRecordsPerSecond(load: LoadResult): number {
  const acknowledged = Object.values(load.acknowledged).reduce((n, ids) => n + ids.size, 0);
  return (acknowledged * RECORDS_PER_REQUEST) / (load.elapsedMs / 1000);
}

function refusedInMetrics(text: string): number {
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('cairn_ingest_refused_requests_total{') && line.includes('reason="overloaded"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

async function storedChecks(dataDir: string, service: string, load: LoadResult) {
  const reopened = await startListeningCairn({ dataDir });
  try {
    return checkStored(
      load,
      await countStoredByRequest(reopened.runtime.telemetry, service),
      RECORDS_PER_REQUEST,
    );
  } finally {
    await reopened.close();
  }
}

function printChecks(label: string, checks: ReturnType<typeof checkStored>): void {
  for (const c of checks) {
    process.stdout.write(
      `${label} ${c.signal}: acknowledged ${c.acknowledgedRecords}, found ${c.acknowledgedFound}, ` +
        `half-written requests ${c.partialRequests}, found from unanswered requests ${c.unacknowledgedFound}\n`,
    );
  }
}

function total(
  checks: ReturnType<typeof checkStored>,
  key: 'acknowledgedRecords' | 'acknowledgedFound',
): number {
  return checks.reduce((n, c) => n + c[key], 0);
}

// 1. Overload.
const configDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
const configFile = join(configDir, 'cairn.yaml');
writeFileSync(configFile, `ingest:\n  maxInFlightRequests: ${cap}\n`);
const server = await startCairn({ env: { CAIRN_CONFIG: configFile } });
let baseline: Awaited<ReturnType<typeof loadPhase>>;
let overload: Awaited<ReturnType<typeof loadPhase>>;
let refusedCounted: number;
try {
  baseline = await loadPhase(server, 'bench-baseline', cap);
  overload = await loadPhase(server, 'bench-overload', cap * 8);
  refusedCounted = refusedInMetrics(await (await fetch(`${server.url}/metrics`)).text());
} finally {
  await server.stop();
}
const overloadChecks = await storedChecks(server.dataDir, 'bench-overload', overload.load);
const baselineChecks = await storedChecks(server.dataDir, 'bench-baseline', baseline.load);
process.stdout.write(
  `baseline ${cap} senders: ${JSON.stringify(baseline.load.statuses)} in ${Math.round(baseline.load.elapsedMs)} ms\n` +
    `overload ${cap * 8} senders: ${JSON.stringify(overload.load.statuses)} in ${Math.round(overload.load.elapsedMs)} ms; ` +
    `Retry-After on every 503: ${overload.load.retryAfterOnEvery503}\n` +
    `503s seen by senders ${(baseline.load.statuses['503'] ?? 0) + (overload.load.statuses['503'] ?? 0)}, ` +
    `refusals counted in /metrics ${refusedCounted}\n`,
);
printChecks('overload', overloadChecks);
printChecks('baseline', baselineChecks);
report(
  {
    name: `accepted records/s, ${cap * 8} senders, cap ${cap}`,
    value: acceptedRecordsPerSecond(overload.load),
    unit: 'rec/s',
  },
  { name: `${cap} senders`, value: acceptedRecordsPerSecond(baseline.load), unit: 'rec/s' },
  '>= 0.8x',
);
report(
  { name: 'server peak RSS under overload', value: overload.peakRssMiB, unit: 'MiB' },
  { name: 'peak RSS at the cap', value: baseline.peakRssMiB, unit: 'MiB' },
  `overload peak < ${RSS_BOUND_MIB} MiB`,
);
report(
  {
    name: 'acknowledged records stored (overload)',
    value: total(overloadChecks, 'acknowledgedFound'),
    unit: 'records',
  },
  { name: 'records acknowledged', value: total(overloadChecks, 'acknowledgedRecords'), unit: 'records' },
  '1.00x',
);

// 2. Durability: SIGKILL during sustained ingest.
const victim = await startCairn();
let killed = false;
const exited = once(victim.child, 'exit');
const killTimer = setTimeout(
  () => {
    victim.child.kill('SIGKILL');
    killed = true;
  },
  Math.max(1000, (seconds * 1000) / 2),
);
const sustained = await runIngestLoad({
  url: victim.url,
  auth: `Bearer ${victim.adminToken}`,
  service: 'bench-killed',
  senders: 16,
  recordsPerRequest: RECORDS_PER_REQUEST,
  maxRequestsPerSender: 2000,
  stop: () => killed,
});
clearTimeout(killTimer);
await exited;
const killedChecks = await storedChecks(victim.dataDir, 'bench-killed', sustained);
process.stdout.write(`kill -9 during ingest: ${JSON.stringify(sustained.statuses)}\n`);
printChecks('after kill -9', killedChecks);
report(
  {
    name: 'acknowledged records found after kill -9 and restart',
    value: total(killedChecks, 'acknowledgedFound'),
    unit: 'records',
  },
  { name: 'records acknowledged', value: total(killedChecks, 'acknowledgedRecords'), unit: 'records' },
  '1.00x',
);
const failed =
  overload.peakRssMiB >= RSS_BOUND_MIB ||
  [...overloadChecks, ...baselineChecks, ...killedChecks].some(
    (c) => c.acknowledgedFound !== c.acknowledgedRecords || c.partialRequests > 0,
  );
process.exitCode = failed ? 1 : 0;
