import { describe, expect, it } from 'vitest';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { querySelfTime } from '../../src/modules/context/root-cause/span-signals.store.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB: the ranking's quantiles over more values than ClickHouse's `quantile` keeps (8,192).
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
const at = new Date(onset.getTime() + 5 * 60_000);

/** 20,000 one-span requests of `catalog` in the 20 minutes before onset, 600 after; durations in µs. */
function requests(): { at: number; micros: number }[] {
  const out: { at: number; micros: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    // A spread of self times with a long tail, the same on every run.
    out.push({ at: onset.getTime() - 20 * 60_000 + i * 60, micros: 1_000 + ((i * 7_919) % 9_973) * 3 });
  }
  for (let i = 0; i < 600; i++) out.push({ at: onset.getTime() + i * 400, micros: 2_000 + i * 50 });
  return out;
}

/** Linear interpolation between the two nearest ranks, as quantileExactInclusive computes it. */
function interpolatedQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - below);
}

async function storeWith(
  label: string,
  order: (rows: ReturnType<typeof requests>) => ReturnType<typeof requests>,
) {
  const store = await freshStore(label);
  const spans = order(requests()).map((r, n) => ({
    Timestamp: new Date(r.at),
    TraceId: (n + 1).toString(16).padStart(32, '0'),
    SpanId: (n + 1).toString(16).padStart(16, '0'),
    ParentSpanId: '',
    SpanName: 'GET /items',
    SpanKind: 'Server',
    ServiceName: 'catalog',
    ResourceAttributes: { 'service.name': 'catalog' },
    Duration: r.micros * 1_000,
    StatusCode: 'Unset',
  }));
  // Several inserts, so the rows sit in several parts and reach the aggregation in another order.
  for (let i = 0; i < spans.length; i += 3_000) await store.insert('otel_traces', spans.slice(i, i + 3_000));
  return store;
}

describe('the ranking quantiles over more than 8,192 values', () => {
  it('are exact and do not depend on the order the rows were written in', async () => {
    const w = toAnalysisWindow({ onset, at }, at);
    const forward = await storeWith('quantile_forward', (rows) => rows);
    const backward = await storeWith('quantile_backward', (rows) => [...rows].reverse());

    const [one] = await querySelfTime(forward, w);
    const [other] = await querySelfTime(backward, w);

    const baseline = requests()
      .filter((r) => r.at < onset.getTime())
      .map((r) => r.micros * 1_000);
    const after = requests()
      .filter((r) => r.at >= onset.getTime())
      .map((r) => r.micros * 1_000);
    expect(one?.baselineSpans).toBe(20_000);
    expect(one?.baselineP95Ms).toBeCloseTo(interpolatedQuantile(baseline, 0.95) / 1e6, 9);
    expect(one?.afterP95Ms).toBeCloseTo(interpolatedQuantile(after, 0.95) / 1e6, 9);
    const p95 = interpolatedQuantile(baseline, 0.95);
    expect(one?.slower).toBe(after.filter((ns) => ns > p95 + 1_000_000).length);
    expect(other).toEqual(one);
  });
});
