/**
 * ClickHouse returns DateTime64(9) as `YYYY-MM-DD hh:mm:ss.nnnnnnnnn` in the session zone, which
 * the telemetry store pins to UTC; the API answers RFC 3339 with every digit kept.
 */
export function chTimeToIso(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}

/** Epoch seconds to RFC 3339 (UTC, milliseconds). */
export function epochSecondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Nanoseconds (number or ClickHouse's quoted UInt64) to milliseconds, keeping microseconds. */
export function nsToMs(ns: number | string): number {
  return Math.round(Number(ns) / 1000) / 1000;
}
