import type { HrTime } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace, TraceSummary } from '../../src/modules/telemetry/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { getApi, hrIso, plusNs, type SentTrace, sdkTracer } from './sdk-telemetry.ts';

/**
 * Traces sent through the OpenTelemetry SDK come back whole by id, wherever their spans fall
 * relative to whole seconds, minutes and days. Each test sends its spans in one burst right before
 * reading, so they sit in fresh, unmerged parts: the case where a DateTime bound on the DateTime64
 * `Timestamp` column made ClickHouse skip the part holding a trace (see time-bounds.ts).
 */

let cairn: ListeningCairn;
beforeAll(async () => {
  cairn = await startListeningCairn();
});
afterAll(async () => {
  await cairn?.close();
});

const MS = 1_000_000;

/** A whole second some time ago, well inside the retention; spans are placed relative to it. */
function recentSecond(secondsAgo: number): number {
  return Math.floor(Date.now() / 1000) - secondsAgo;
}

async function traceById(traceId: string): Promise<{ status: number; body: Trace }> {
  return getApi<Trace>(cairn, `/api/v1/traces/${traceId}`);
}

describe('GET /api/v1/traces/{id} after a burst of SDK traces', () => {
  it('returns every one of 200 traces sent at once, whole, each a few milliseconds long in the same second', async () => {
    const sender = sdkTracer(cairn, 'burst');
    const second = recentSecond(30);
    // Trace k starts at .500 + 2k ms and has 1 to 6 spans 100 µs apart: all 200 lie in one second.
    const sent: SentTrace[] = [];
    for (let k = 0; k < 200; k++) {
      const start: HrTime = [second, 500 * MS + 2 * k * MS];
      const spans = Array.from({ length: 1 + (k % 6) }, (_, i) => ({ start: plusNs(start, i * 100_000) }));
      sent.push(sender.send(spans));
    }
    await sender.flush();
    await sender.shutdown();

    const missing: string[] = [];
    for (const expected of sent) {
      const { status, body } = await traceById(expected.traceId);
      if (status !== 200) {
        missing.push(`${expected.traceId}: HTTP ${status}`);
        continue;
      }
      const got = body.spans.map((s) => s.spanId).sort();
      if (got.join() !== [...expected.spanIds].sort().join()) {
        missing.push(`${expected.traceId}: ${got.length} of ${expected.spanIds.length} spans`);
      }
    }
    expect(missing).toEqual([]);

    // The trace list reads the same window: every trace once, with its exact span count.
    const from = new Date(second * 1000).toISOString();
    const to = new Date((second + 1) * 1000).toISOString();
    const list = await getApi<{ items: TraceSummary[] }>(
      cairn,
      `/api/v1/traces?service=burst&from=${from}&to=${to}&limit=1000`,
    );
    expect(list.status).toBe(200);
    const counts = new Map(list.body.items.map((t) => [t.traceId, t.spanCount]));
    expect(counts.size).toBe(200);
    expect(sent.filter((t) => counts.get(t.traceId) !== t.spanIds.length)).toEqual([]);
  });

  it('returns every one of 40 traces made on the SDK clock and sent at once, whole', async () => {
    const sender = sdkTracer(cairn, 'live');
    // As an application would: 40 requests at once, each a few milliseconds long.
    const sent = await Promise.all(Array.from({ length: 40 }, (_, k) => sender.sendLive(2 + (k % 4), 3)));
    await sender.flush();
    await sender.shutdown();

    const answers = await Promise.all(sent.map((t) => traceById(t.traceId)));
    expect(answers.map((a) => a.status)).toEqual(sent.map(() => 200));
    expect(answers.map((a) => a.body.spans.map((s) => s.spanId).sort())).toEqual(
      sent.map((t) => [...t.spanIds].sort()),
    );
  });

  it('returns traces whose spans straddle a second, a minute and a day (two partitions) whole', async () => {
    const sender = sdkTracer(cairn, 'straddle');
    const second = recentSecond(40);
    const minute = Math.floor(recentSecond(120) / 60) * 60;
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400;
    const cases: Record<string, HrTime[]> = {
      second: [
        [second - 1, 999_999_999],
        [second, 0],
        [second, 1],
        [second, 400 * MS],
      ],
      minute: [
        [minute - 1, 990 * MS],
        [minute, 10 * MS],
        [minute + 59, 999 * MS],
      ],
      // Spans on both sides of UTC midnight land in two partitions (otel_traces is partitioned by day).
      day: [
        [midnight - 1, 999 * MS],
        [midnight, 1 * MS],
      ],
    };
    const sent = Object.fromEntries(
      Object.entries(cases).map(([name, starts]) => [name, sender.send(starts.map((start) => ({ start })))]),
    );
    await sender.flush();
    await sender.shutdown();

    for (const [name, starts] of Object.entries(cases)) {
      const expected = sent[name];
      if (!expected) throw new Error(`no trace sent for ${name}`);
      const { status, body } = await traceById(expected.traceId);
      expect({ name, status }).toEqual({ name, status: 200 });
      // Spans come ordered by start; the SDK's ids and nanosecond starts come back unchanged.
      expect(body.spans.map((s) => [s.spanId, s.startTime])).toEqual(
        starts.map((start, i) => [expected.spanIds[i], hrIso(start)]),
      );
    }
  });

  it('includes a span starting exactly on a whole second and one a nanosecond before the next', async () => {
    const sender = sdkTracer(cairn, 'edges');
    const second = recentSecond(50);
    const starts: HrTime[] = [
      [second, 0],
      [second, 999_999_999],
    ];
    // Flushed one at a time, so each trace is alone in its part.
    const onlyEnd = sender.send([{ start: [second + 2, 999_999_999] }]);
    await sender.flush();
    const both = sender.send(starts.map((start) => ({ start })));
    await sender.flush();
    await sender.shutdown();

    const whole = await traceById(both.traceId);
    expect(whole.status).toBe(200);
    expect(whole.body.spans.map((s) => s.startTime)).toEqual(starts.map(hrIso));
    const last = await traceById(onlyEnd.traceId);
    expect(last.status).toBe(200);
    expect(last.body.spans.map((s) => s.startTime)).toEqual([hrIso([second + 2, 999_999_999])]);
  });
});

describe('GET /api/v1/traces: the window is [from, to) to the nanosecond', () => {
  it('lists a trace starting exactly at `from` and one a nanosecond before `to`, not one exactly at `to`', async () => {
    const sender = sdkTracer(cairn, 'window');
    const from = recentSecond(70) * 1000 + 250; // a bound with milliseconds, not a whole second
    const to = from + 500;
    const at = (ms: number, ns = 0): HrTime => plusNs([Math.floor(ms / 1000), (ms % 1000) * MS], ns);
    const beforeFrom = sender.send([{ start: at(from, -1) }]);
    const atFrom = sender.send([{ start: at(from) }]);
    const beforeTo = sender.send([{ start: at(to, -1) }]);
    const atTo = sender.send([{ start: at(to) }]);
    await sender.flush();
    await sender.shutdown();

    const { status, body } = await getApi<{ items: TraceSummary[] }>(
      cairn,
      `/api/v1/traces?service=window&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
    );
    expect(status).toBe(200);
    // Newest first.
    expect(body.items.map((t) => [t.traceId, t.start, t.spanCount])).toEqual([
      [beforeTo.traceId, hrIso(at(to, -1)), 1],
      [atFrom.traceId, hrIso(at(from)), 1],
    ]);
    // The two outside the window are stored all the same.
    for (const outside of [beforeFrom, atTo]) expect((await traceById(outside.traceId)).status).toBe(200);
  });

  it('lists a trace that began before `from` by the span inside the window, summarised from all its spans', async () => {
    const sender = sdkTracer(cairn, 'list-straddle');
    const from = recentSecond(100) * 1000 + 500;
    const at = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * MS];
    const sent = sender.send([{ start: at(from - 200), durationNs: 400 * MS }, { start: at(from + 100) }]);
    await sender.flush();
    await sender.shutdown();

    const { status, body } = await getApi<{ items: TraceSummary[] }>(
      cairn,
      `/api/v1/traces?service=list-straddle&operation=${encodeURIComponent('step 1')}&from=${new Date(from).toISOString()}&to=${new Date(from + 1000).toISOString()}`,
    );
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        traceId: sent.traceId,
        rootService: 'list-straddle',
        rootOperation: 'GET /checkout',
        start: hrIso(at(from - 200)),
        durationMs: 400,
        spanCount: 2,
        errorCount: 0,
      },
    ]);
  });
});
