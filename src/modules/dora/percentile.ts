/**
 * The p-th percentile (0-1) with linear interpolation between closest ranks, as SQL's
 * PERCENTILE_CONT (which Four Keys uses): the median of [1, 2, 3, 4] is 2.5. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

/** The median: `percentile(values, 0.5)`. */
export const median = (values: readonly number[]) => percentile(values, 0.5);
