import type { HrTime } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogList, MetricName, MetricQueryResult, Trace } from '../../src/modules/telemetry/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { getApi, hrIso, plusNs, sdkLogger, sdkTracer } from './sdk-telemetry.ts';
import { gaugeRow } from './telemetry-fixtures.ts';

/**
 * Time windows of the log, metric and trace-log queries are `[from, to)` to the nanosecond, and
 * rows just inside a bound are found even when they sit alone in a fresh part (the case where a
 * whole-second bound on a DateTime64 column made ClickHouse skip the part; see time-bounds.ts).
 */

let cairn: ListeningCairn;
beforeAll(async () => {
  cairn = await startListeningCairn();
});
afterAll(async () => {
  await cairn?.close();
});

const MS = 1_000_000;

/** An instant `ms` epoch milliseconds plus `ns` nanoseconds, as an HrTime. */
function hr(ms: number, ns = 0): HrTime {
  return plusNs([Math.floor(ms / 1000), (ms % 1000) * MS], ns);
}

/** A recent bound with milliseconds (not a whole second), `secondsAgo` back. */
function recentBoundMs(secondsAgo: number): number {
  return (Math.floor(Date.now() / 1000) - secondsAgo) * 1000 + 250;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/v1/logs: [from, to) to the nanosecond', () => {
  it('returns the SDK log records at `from` and a nanosecond before `to`, not those a nanosecond before `from` or at `to`', async () => {
    const sender = sdkLogger(cairn, 'log-window');
    const from = recentBoundMs(60);
    const to = from + 500;
    const records: Array<[string, HrTime]> = [
      ['before from', hr(from, -1)],
      ['at from', hr(from)],
      ['before to', hr(to, -1)],
      ['at to', hr(to)],
    ];
    // One export per record: each is alone in its part.
    for (const [body, time] of records) {
      sender.emit(body, time);
      await sender.flush();
    }
    await sender.shutdown();

    const { status, body } = await getApi<LogList>(
      cairn,
      `/api/v1/logs?service=log-window&from=${iso(from)}&to=${iso(to)}`,
    );
    expect(status).toBe(200);
    expect(body.items.map((l) => [l.body, l.timestamp])).toEqual([
      ['before to', hrIso(hr(to, -1))],
      ['at from', hrIso(hr(from))],
    ]);
  });
});

describe('logs of a trace', () => {
  it('come with the trace by id and through ?traceId=, including one logged in the last millisecond of a second', async () => {
    const tracer = sdkTracer(cairn, 'log-trace');
    const logs = sdkLogger(cairn, 'log-trace');
    const second = Math.floor(Date.now() / 1000) - 90;
    const sent = tracer.send([
      { start: [second, 990 * MS], durationNs: 5 * MS },
      { start: [second, 991 * MS] },
    ]);
    await tracer.flush();
    await tracer.shutdown();
    const root = { traceId: sent.traceId, spanId: sent.spanIds[0] ?? '' };
    const times: HrTime[] = [
      [second, 992 * MS],
      [second, 999_999_999],
      [second + 1, 1 * MS],
    ];
    for (const [i, time] of times.entries()) {
      logs.emit(`step ${i}`, time, root);
      await logs.flush();
    }
    await logs.shutdown();

    const byId = await getApi<Trace>(cairn, `/api/v1/traces/${sent.traceId}`);
    expect(byId.status).toBe(200);
    expect(byId.body.spans.map((s) => s.spanId)).toEqual(sent.spanIds);
    expect(byId.body.logs.map((l) => [l.body, l.timestamp, l.spanId])).toEqual(
      times.map((time, i) => [`step ${i}`, hrIso(time), root.spanId]),
    );
    const search = await getApi<LogList>(
      cairn,
      `/api/v1/logs?traceId=${sent.traceId}&from=${iso(second * 1000)}&to=${iso((second + 2) * 1000)}`,
    );
    expect(search.body.items.map((l) => l.body)).toEqual(['step 2', 'step 1', 'step 0']);
  });
});

describe('metrics: points just inside a bound', () => {
  it('puts a gauge point half a second before the end of the range in the last step', async () => {
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    // Alone in its insert, so alone in its part.
    await cairn.runtime.telemetry.insert('otel_metrics_gauge', [
      gaugeRow({ name: 'queue.depth', service: 'late', time: new Date(end - 500), value: 7 }),
    ]);
    const { status, body } = await getApi<MetricQueryResult>(
      cairn,
      `/api/v1/metrics/query?name=queue.depth&service=late&step=60s&from=${iso(end - 120_000)}&to=${iso(end)}`,
    );
    expect(status).toBe(200);
    expect(body.series.map((s) => s.points)).toEqual([[{ t: iso(end - 60_000), v: 7 }]]);
  });

  it('lists the metric names with points in [from, to) exactly', async () => {
    const from = recentBoundMs(80);
    const to = from + 500;
    const points: Array<[string, number]> = [
      ['before.from', from - 1],
      ['at.from', from],
      ['before.to', to - 1],
      ['at.to', to],
    ];
    for (const [name, ms] of points) {
      await cairn.runtime.telemetry.insert('otel_metrics_gauge', [
        gaugeRow({ name, service: 'names', time: new Date(ms), value: 1 }),
      ]);
    }
    const { status, body } = await getApi<{ items: MetricName[] }>(
      cairn,
      `/api/v1/metrics/names?service=names&from=${iso(from)}&to=${iso(to)}`,
    );
    expect(status).toBe(200);
    expect(body.items.map((m) => m.name)).toEqual(['at.from', 'before.to']);
  });
});
