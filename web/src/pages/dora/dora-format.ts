const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration the way a DORA level reads: "45 min", "3.2 h", "2.5 days"; "—" without a value. */
export function formatDuration(durationMs: number | null): string {
  if (durationMs === null) return '—';
  if (durationMs < HOUR_MS) return `${Math.round(durationMs / MINUTE_MS)} min`;
  if (durationMs < DAY_MS) return `${(durationMs / HOUR_MS).toFixed(1)} h`;
  return `${(durationMs / DAY_MS).toFixed(1)} days`;
}

/** "28.6 %"; "—" without a value. */
export function formatPercentValue(percent: number | null): string {
  return percent === null ? '—' : `${percent.toFixed(1)} %`;
}

/** "on-demand" → "On demand". */
export function formatBucket(bucket: string): string {
  const text = bucket.replaceAll('-', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Availability keeps two decimals: 99.92 % and 99.9 % read apart against a 99.9 % target. */
export function formatAvailability(percent: number | null): string {
  return percent === null ? '—' : `${percent.toFixed(2)} %`;
}
