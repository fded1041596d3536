/**
 * Value formats for JSONEachRow rows bound for the otel_* tables. Every value written must be
 * insertable: one row ClickHouse refuses fails the whole shared batch, so the checks here run
 * per record, before a row is queued.
 */

/** The last instant DateTime64(9) can hold: int64 nanoseconds, 2262-04-11 23:47:16.854775807. */
export const MAX_UNIX_NANOS = 2n ** 63n - 1n;

let cachedSecond = -1n;
let cachedPrefix = '';

/**
 * Unix nanoseconds as DateTime64(9) text (`2026-11-25 10:00:00.123456789`, UTC). Text keeps all nine
 * digits; a JS number would lose precision past 2^53 ns (about 104 days after 1970).
 */
export function formatUnixNanos(ns: bigint): string {
  const second = ns / 1_000_000_000n;
  const fraction = ns % 1_000_000_000n;
  // Spans of one request mostly share their second, so the date part is cached.
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = secondText(second);
  }
  return `${cachedPrefix}.${fraction.toString().padStart(9, '0')}`;
}

/** A Unix second as DateTime text without a fraction (`2026-11-25 10:00:00`, UTC). */
export function secondText(second: bigint): string {
  return new Date(Number(second) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Unix milliseconds (Prometheus sample time) as DateTime64(9) text. */
export function formatUnixMillis(ms: number): string {
  return formatUnixNanos(BigInt(ms) * 1_000_000n);
}

/** Why `ns` cannot be stored, or null when it can. */
export function checkUnixNanos(ns: bigint): string | null {
  return ns > MAX_UNIX_NANOS ? `${ns} ns is past the last storable instant (2262-04-11)` : null;
}

/**
 * A Float64 for JSONEachRow: JSON has no NaN or infinities and JSON.stringify would write `null`,
 * which ClickHouse stores as 0, so they travel as the text ClickHouse parses back.
 */
export function float64(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

/** Why an id of `hex` (lower-case hex) is not `bytes` long, or null when it is (or may be empty and is). */
export function checkId(hex: string, bytes: number, field: string, optional: boolean): string | null {
  if (hex.length === bytes * 2 || (optional && hex.length === 0)) return null;
  return `${field}: must be ${optional ? `empty or ${bytes}` : bytes} bytes, got ${hex.length / 2}`;
}
