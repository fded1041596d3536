/** Number formatting shared by tables, charts and the map, so one value reads the same everywhere. */

const compact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, notation: 'compact' });

/** A count: 1.2K, 35, 4.5M. */
export function formatCount(value: number): string {
  return compact.format(value);
}

/** A duration in ms: 850 µs, 12 ms, 1.4 s, 2.1 min; an em dash for null. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0 ms';
  if (value < 1) return `${Math.round(value * 1000)} µs`;
  if (value < 1000) return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  return `${(value / 60_000).toFixed(1)} min`;
}

/**
 * A value already in percent (99.99 means 99.99 %), as the API's `…Percent` fields carry it: up to
 * two decimals, more when needed so that a figure under 100 never reads 100 % and one above 0
 * never reads 0 % (99.999 → "99.999%"); whole numbers from 100 up, grouped (-189,900%).
 */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—';
  const roundedAt = (digits: number) => Math.round(percent * 10 ** digits) / 10 ** digits;
  const misleading = (digits: number) =>
    (roundedAt(digits) === 100 && percent < 100) || (roundedAt(digits) === 0 && percent !== 0);
  let digits = Math.abs(percent) >= 100 ? 0 : 2;
  while (digits < 6 && misleading(digits)) digits += 1;
  return `${percent.toLocaleString(undefined, { maximumFractionDigits: digits })}%`;
}

/** A share 0..1 (never a percent) as a percentage: 0 %, 0.4 %, 12 %. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/**
 * One unit for every value of a chart axis: per minute when the busiest point is under 0.1/s
 * (1.8/min, 0/min), else per second, so ticks never mix "0.0/s" with "1.8/min".
 */
export function rateFormatterFor(maxPerSecond: number): (perSecond: number) => string {
  if (maxPerSecond > 0 && maxPerSecond < 0.1) {
    return (perSecond) => `${Number((perSecond * 60).toFixed(1))}/min`;
  }
  return (perSecond) => `${perSecond < 10 ? Number(perSecond.toFixed(1)) : compact.format(perSecond)}/s`;
}

/** Requests per second: 0.5/s, 12/s, 1.2K/s. */
export function formatRate(perSecond: number): string {
  if (perSecond > 0 && perSecond < 0.1) return `${(perSecond * 60).toFixed(1)}/min`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : compact.format(perSecond)}/s`;
}

/** The error share of `calls`, 0 when there were none. */
export function errorShare(errors: number, calls: number): number {
  return calls > 0 ? errors / calls : 0;
}

/** Health by error share: the colour class for badges and map nodes. */
export function healthOf(share: number): 'ok' | 'warn' | 'bad' {
  if (share >= 0.05) return 'bad';
  if (share >= 0.01) return 'warn';
  return 'ok';
}
