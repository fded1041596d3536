/**
 * Telemetry query benchmark: trace by id, the one-hour service graph over generated spans in chDB, and
 * the steady-state cost of the job that materialises service-graph edges per minute.
 *
 *   node bench/telemetry-queries.bench.ts [--spans 1000000]
 *
 * Spans are generated inside ClickHouse (INSERT … SELECT FROM numbers()), so the figure measures the
 * queries, not the loader. Each trace has five spans: a Server root and a Client call in one service,
 * the Server span it reaches in another, that service's PostgreSQL Client span and an Internal span.
 * Baselines run in the same process on the same data:
 * - trace by id vs a plain `WHERE TraceId = …` over otel_traces without the trace_id_ts narrowing;
 * - service graph vs a plain count of the hour's spans (the floor of any query that reads them), first
 *   paired entirely at query time (before the job ran), then in steady state: the edge job has
 *   materialised every closed minute (all but the last two) and only that tail is paired live;
 * - one run of the edge job that materialises one minute, vs the same count of the hour.
 * Targets on a 2-core machine: trace by id p50 < 50 ms at 5M spans; service graph over 1M < 500 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fixedClock } from '../src/kernel/clock.ts';
import {
  createServiceEdgesMaterializer,
  createTelemetryQueryService,
} from '../src/modules/telemetry/index.ts';
import { CLOSE_LAG_MS } from '../src/modules/telemetry/service-edges-materializer.ts';
import { createChdbTelemetryStore, migrateTelemetry, param, sql } from '../src/stores/telemetry/index.ts';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '1000000' } } });
const spans = Number(values.spans);
if (!Number.isSafeInteger(spans) || spans < 5) throw new Error('--spans must be an integer ≥ 5');

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
const store = createChdbTelemetryStore({ path: dir, database: 'bench' });
try {
  await migrateTelemetry(store, { retentionDays: 3650 });
  const hour = 3600_000;
  const from = new Date(Math.floor(Date.now() / hour) * hour - 2 * hour);
  const to = new Date(from.getTime() + hour);
  const traces = Math.floor(spans / 5);

  const loadStart = performance.now();
  await store.command(sql`
    INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
                             SpanAttributes, Duration, StatusCode)
    SELECT
      fromUnixTimestamp64Nano(toInt64(${param(BigInt(from.getTime()) * 1_000_000n, 'Int64')} + tr * ${param(Math.floor((hour * 1e6) / traces), 'Int64')} + idx * 1000)),
      concat(lower(hex(cityHash64(tr))), lower(hex(cityHash64(tr, 1)))),
      lower(hex(cityHash64(tr, idx, 7))),
      multiIf(idx = 0, '', idx = 4, lower(hex(cityHash64(tr, 2, 7))), lower(hex(cityHash64(tr, idx - 1, 7)))),
      ['GET /', 'call', 'handle', 'INSERT', 'work'][idx + 1],
      ['Server', 'Client', 'Server', 'Client', 'Internal'][idx + 1],
      if(idx < 2, concat('svc-', toString(tr % 10)), concat('svc-', toString(10 + tr % 10))),
      if(idx = 3, map('db.system', 'postgresql'), map()),
      cityHash64(n) % 100000000,
      if(idx = 2 AND tr % 50 = 0, 'Error', 'Ok')
    FROM (SELECT number AS n, intDiv(number, 5) AS tr, number % 5 AS idx FROM numbers(${param(traces * 5, 'UInt64')}))`);
  const loadMs = performance.now() - loadStart;
  console.log(`loaded ${traces * 5} spans (${traces} traces) in ${(loadMs / 1000).toFixed(1)} s`);

  const queries = createTelemetryQueryService({ telemetry: store, clock: fixedClock(to) });
  const ids = await store.query<{ id: string }>(sql`
    SELECT concat(lower(hex(cityHash64(tr))), lower(hex(cityHash64(tr, 1)))) AS id
    FROM (SELECT intDiv(number * 7919, 1) % ${param(traces, 'UInt64')} AS tr FROM numbers(30))`);

  const byId = await timeEach(ids, async ({ id }) => {
    const trace = await queries.trace(id);
    if (trace.spans.length !== 5) throw new Error(`trace ${id} has ${trace.spans.length} spans, expected 5`);
  });
  const byIdBaseline = await timeEach(ids, async ({ id }) => {
    await store.query(sql`SELECT count() FROM otel_traces WHERE TraceId = ${id}`);
  });
  report('trace by id (trace_id_ts narrowing)', byId, byIdBaseline, 'plain TraceId filter', 50);

  const runs = Array.from({ length: 5 }, (_, i) => i);
  const graphOfHour = async () => {
    const g = await queries.serviceGraph({ from, to });
    if (g.edges.length !== 30) throw new Error(`service graph has ${g.edges.length} edges, expected 30`);
  };
  const scan = await timeEach(runs, async () => {
    await store.query(sql`SELECT count() FROM otel_traces WHERE Timestamp >= ${from} AND Timestamp < ${to}`);
  });
  const live = await timeEach(runs, graphOfHour);
  report('service graph, one hour, all paired at query time', live, scan, 'count of the hour', 500);

  // Steady state: the job catches up to ten minutes before `to`, then runs as minutes close.
  const minute = 60_000;
  let now = to.getTime() - 10 * minute + CLOSE_LAG_MS;
  const job = createServiceEdgesMaterializer({ telemetry: store, clock: { now: () => new Date(now) } });
  const catchUp = await job.runOnce();
  if (catchUp.materialised?.to.getTime() !== to.getTime() - 10 * minute)
    throw new Error('catch-up run fell short');
  const perMinute: number[] = [];
  for (let step = 0; step < 8; step++) {
    now += minute;
    const start = performance.now();
    const outcome = await job.runOnce();
    perMinute.push(performance.now() - start);
    const span = (outcome.materialised?.to.getTime() ?? 0) - (outcome.materialised?.from.getTime() ?? 0);
    if (span !== minute) throw new Error(`a steady-state run materialised ${span} ms, expected one minute`);
  }
  report('edge job, one closed minute per run', perMinute, scan, 'count of the hour', 1000);
  const steady = await timeEach(runs, graphOfHour);
  report('service graph, one hour, steady state (last 2 min live)', steady, scan, 'count of the hour', 500);
  console.log(`steady state vs all paired at query time: ${(p50(live) / p50(steady)).toFixed(2)}x faster`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function timeEach<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<number[]> {
  await work(items[0] as T); // warm-up: first query pays for loading marks and indexes
  const times: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await work(item);
    times.push(performance.now() - start);
  }
  return times;
}

function p50(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(
  name: string,
  times: number[],
  baseline: number[],
  baselineName: string,
  targetMs: number,
): void {
  const ms = p50(times);
  const base = p50(baseline);
  const verdict = ms < targetMs ? 'meets' : 'MISSES';
  console.log(
    `${name}: p50 ${ms.toFixed(1)} ms (${verdict} < ${targetMs} ms at ${spans} spans); ` +
      `${baselineName}: p50 ${base.toFixed(1)} ms; ratio ${(ms / base).toFixed(2)}x`,
  );
}
