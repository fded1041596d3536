/**
 * What "normal" is, robustly: the baseline window is cut into one-minute sub-windows, and a minute
 * whose own rate is a three-sigma outlier against the rest of the baseline (an earlier incident on
 * the same service, a deploy, the first minutes of this very symptom when the alert lags) is left
 * out before the rate is pooled over the minutes that remain. A plain pooled rate lets a few
 * anomalous minutes define "normal"; this one ignores them as long as they are a minority.
 *
 * Why not the median of per-minute rates: with sparse or bursty counts (an event seen in 3 of 10
 * minutes, a request type the load comes in waves of) the median is 0 or swings with the mix, and
 * every such event would read as new after onset. Leave-one-out outlier rejection keeps the pooled
 * estimate, which is unbiased for those, and drops only minutes that are improbable under the rest.
 */

/** One baseline minute of one rate: `hits` out of `total` (requests, log lines, sequences…). */
export interface MinuteCount {
  readonly hits: number;
  readonly total: number;
}

/** A minute this many standard deviations from the rest of the baseline is an outlier: three sigma, as every signal uses. */
const OUTLIER_Z = 3;

/**
 * The baseline rate `hits / total`, pooled over the minutes that are not outliers. A minute is an
 * outlier when its hits are ≥ 3 standard deviations (binomial, or Poisson for rates above one per
 * unit, with +1 in the variance so a minute of a few events is never an outlier by itself) from what
 * the other minutes' pooled rate predicts for its total. One pass: a minute is judged against all others, outliers included, so no order
 * matters. No traffic at all: 0.
 */
export function typicalRate(minutes: readonly MinuteCount[]): number {
  const live = minutes.filter((m) => m.total > 0);
  const hits = live.reduce((sum, m) => sum + m.hits, 0);
  const total = live.reduce((sum, m) => sum + m.total, 0);
  if (total === 0) return 0;
  const kept = live.filter((m) => {
    const restTotal = total - m.total;
    if (restTotal <= 0) return true;
    const p = (hits - m.hits) / restTotal;
    // Binomial spread while hits are a share of the total; above one per total (a log line written
    // twice per request) the hits are a count per unit, with Poisson spread.
    const spread = p <= 1 ? p * (1 - p) : p;
    const z = (m.hits - m.total * p) / Math.sqrt(m.total * spread + 1);
    return Math.abs(z) < OUTLIER_Z;
  });
  const keptTotal = kept.reduce((sum, m) => sum + m.total, 0);
  return keptTotal > 0 ? kept.reduce((sum, m) => sum + m.hits, 0) / keptTotal : hits / total;
}

/**
 * Per-minute counts from parallel arrays as ClickHouse returns them (`groupArray(minute)`,
 * `groupArray(n)`), keyed by minute (seconds since epoch).
 */
export function byMinute(minutes: readonly number[], counts: readonly number[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const [i, minute] of minutes.entries()) map.set(minute, (map.get(minute) ?? 0) + (counts[i] ?? 0));
  return map;
}

/** `hits` per minute lined up against `totals` per minute; minutes without hits count as 0 hits. */
export function alignMinutes(
  hits: ReadonlyMap<number, number>,
  totals: ReadonlyMap<number, number>,
): MinuteCount[] {
  return [...totals].map(([minute, total]) => ({ hits: hits.get(minute) ?? 0, total }));
}

/**
 * The level a majority of points reach: the largest value that more than half the points are at
 * or above (for 2 points the smaller, for 3 the middle one). A gauge that spiked once in the window
 * after onset does not reach it; a saturation that persists does.
 */
export function sustainedLevel(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // More than half the points are at or above the (⌈n/2⌉)-th smallest value.
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

/** The median and a robust standard deviation (interquartile range / 1.349, exact for a normal). */
export function robustSpread(values: readonly number[]): { median: number; sigma: number } {
  if (values.length === 0) return { median: 0, sigma: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), sigma: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.349 };
}

/** Linear-interpolated quantile of sorted values (the R-7 / NumPy default definition). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] ?? 0;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - low);
}
