/**
 * Hours until a free-space series reaches zero by a least-squares straight line through its
 * points (simple linear extrapolation: it assumes the recent fill rate holds). Null when the
 * series is flat or growing, or has fewer than two points.
 */
export function hoursUntilEmpty(points: ReadonlyArray<{ tMs: number; freeBytes: number }>): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.tMs, 0) / n;
  const meanV = points.reduce((s, p) => s + p.freeBytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.tMs - meanT) * (p.freeBytes - meanV);
    den += (p.tMs - meanT) ** 2;
  }
  if (den === 0) return null;
  const slopePerMs = num / den;
  if (slopePerMs >= 0) return null;
  const last = points.reduce((a, b) => (b.tMs > a.tMs ? b : a));
  // Free space on the fitted line at the last sample, run down at the fitted rate.
  const fittedNow = meanV + slopePerMs * (last.tMs - meanT);
  return Math.max(0, fittedNow / -slopePerMs / 3_600_000);
}
