import type { MetricAgg, MetricSeries } from './contract.ts';
import { counterRates, histogramIncrements, histogramQuantile } from './metric-math.ts';
import type { Labels, MetricsStore } from './metrics.store.ts';
import { epochSecondsToIso } from './time-format.ts';
import { bucketStarts, type TimeRange } from './time-range.ts';

const PERCENTILES: Partial<Record<MetricAgg, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/**
 * One metric over the range, one series per label set. Gauges and sums aggregate in SQL; `rate`
 * needs the bucket before the range too (to difference cumulative counters); percentiles of a
 * histogram metric come from its bucket counts.
 */
export async function queryMetricSeries(
  store: MetricsStore,
  input: {
    name: string;
    service: string | undefined;
    labels: Array<[string, string]>;
    range: TimeRange;
    step: number;
    agg: MetricAgg;
  },
): Promise<MetricSeries[]> {
  const { step, agg } = input;
  const starts = bucketStarts(input.range, step);
  const first = starts[0] ?? 0;
  const end = (starts.at(-1) ?? first) + step;
  const needsPrevious = agg === 'rate' || agg in PERCENTILES;
  const selector = {
    name: input.name,
    service: input.service,
    labels: input.labels,
    fromSeconds: needsPrevious ? first - step : first,
    toSeconds: end,
    stepSeconds: step,
  };
  const quantile = PERCENTILES[agg];
  const grouped = new Map<string, { labels: Labels; points: Map<number, number | null> }>();
  const add = (labels: Labels, t: number, v: number | null) => {
    if (t < first) return;
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = grouped.get(key) ?? { labels, points: new Map<number, number | null>() };
    entry.points.set(t, v);
    grouped.set(key, entry);
  };

  if (quantile !== undefined && (await store.isHistogram(selector))) {
    for (const rows of groupBySeries(await store.histogramBuckets(selector))) {
      const bounds = rows[0]?.bounds ?? [];
      for (const b of histogramIncrements(rows, rows[0]?.temporality ?? 0)) {
        add(rows[0]?.labels ?? {}, b.t, histogramQuantile(quantile, bounds, b.counts));
      }
    }
  } else {
    const sqlAgg = agg === 'rate' ? 'sum' : agg;
    for (const rows of groupBySeries(await store.valueBuckets(selector, sqlAgg))) {
      const labels = rows[0]?.labels ?? {};
      if (agg === 'rate') {
        const buckets = rows.map((r) => ({ t: r.t, last: r.last, total: r.v }));
        for (const p of counterRates(buckets, rows[0]?.temporality ?? 0, step)) add(labels, p.t, p.v);
      } else {
        for (const r of rows) add(labels, r.t, r.v);
      }
    }
  }
  return [...grouped.values()].map(({ labels, points }) => ({
    labels,
    points: starts
      .filter((t) => points.has(t))
      .map((t) => ({ t: epochSecondsToIso(t), v: points.get(t) ?? null })),
  }));
}

function groupBySeries<R extends { labels: Labels }>(rows: readonly R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = JSON.stringify(Object.entries(row.labels).sort());
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return [...groups.values()];
}
