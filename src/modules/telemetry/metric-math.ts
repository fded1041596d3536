/**
 * Pure arithmetic behind `agg=rate` and histogram percentiles, kept apart from SQL so the edge cases
 * (counter resets, the +Inf bucket, empty buckets) are tested directly.
 */

/** OTLP AggregationTemporality: 1 = delta, 2 = cumulative (0 = unspecified, used for gauges). */
export const DELTA = 1;

/** The last value of one series in one step bucket (and the bucket's sum, for delta counters). */
export interface CounterBucket {
  t: number;
  last: number;
  total: number;
}

/**
 * Per-second rate per bucket. Delta points add up within a bucket; cumulative counters (and gauges)
 * increase from the previous bucket's last value, and a drop means the counter restarted at zero
 * (as Prometheus `rate` treats resets). A bucket without a predecessor has no rate (null).
 */
export function counterRates(
  buckets: readonly CounterBucket[],
  temporality: number,
  stepSeconds: number,
): Array<{ t: number; v: number | null }> {
  return buckets.map((bucket, i) => {
    if (temporality === DELTA) return { t: bucket.t, v: bucket.total / stepSeconds };
    const previous = buckets[i - 1];
    if (!previous || previous.t !== bucket.t - stepSeconds) return { t: bucket.t, v: null };
    const increase = bucket.last >= previous.last ? bucket.last - previous.last : bucket.last;
    return { t: bucket.t, v: increase / stepSeconds };
  });
}

/**
 * Counts observed within each bucket from histogram points: delta points are already per interval;
 * cumulative ones are differenced against the previous bucket (a drop in the total is a reset).
 */
export function histogramIncrements(
  buckets: ReadonlyArray<{ t: number; counts: number[] }>,
  temporality: number,
): Array<{ t: number; counts: number[] }> {
  if (temporality === DELTA) return buckets.map((b) => ({ t: b.t, counts: b.counts }));
  return buckets.map((bucket, i) => {
    const previous = buckets[i - 1];
    if (!previous || previous.counts.length !== bucket.counts.length) return bucket;
    const diff = bucket.counts.map((c, j) => c - (previous.counts[j] ?? 0));
    return { t: bucket.t, counts: diff.some((d) => d < 0) ? bucket.counts : diff };
  });
}

/**
 * The q-quantile of a histogram with explicit bounds (counts has one more entry than bounds: the
 * +Inf bucket), interpolating linearly within the bucket as Prometheus `histogram_quantile` does.
 * The first bucket interpolates from 0; a rank in the +Inf bucket returns the highest finite bound.
 * Null when the histogram is empty.
 */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  counts: readonly number[],
): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (below + count >= rank && count > 0) {
      if (i >= bounds.length) return bounds.at(-1) ?? null;
      const upper = bounds[i] ?? 0;
      const lower = i === 0 ? Math.min(0, upper) : (bounds[i - 1] ?? 0);
      return lower + (upper - lower) * ((rank - below) / count);
    }
    below += count;
  }
  return bounds.at(-1) ?? null;
}
