import {
  leastSquares,
  linearForecast,
  mstlForecast,
  type StepForecast,
  seasonalNaiveForecast,
} from './forecast-methods.ts';

export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 7 * DAY_SECONDS;
/** Series spanning two days or more are forecast on a grid of at least this step (MSTL's cost grows with the period's length). */
export const MIN_SEASONAL_STEP_SECONDS = 300;
/** MSTL is fitted on at most this many daily periods: enough for the daily shape and the trend, fast enough for 1 s. */
export const MSTL_MAX_DAYS = 8;
/** A period is in the series when the detrended series' autocorrelation at that lag is at least this. */
export const SEASONAL_ACF_THRESHOLD = 0.3;
/** A series whose straight-line fit explains more than this share of its variance is a trend, not a season. */
export const TREND_R2_THRESHOLD = 0.95;

export type ForecastMethod = 'auto' | 'mstl_ensemble' | 'mstl' | 'seasonal_naive' | 'linear';

/** A series on a regular grid: value i is at `startSeconds + i × stepSeconds`. */
export interface GridSeries {
  startSeconds: number;
  stepSeconds: number;
  values: number[];
}

export interface ForecastResult {
  /** [unixSeconds, mean, lower, upper] per future step. */
  points: Array<[number, number, number, number]>;
  method: Exclude<ForecastMethod, 'auto'>;
  stepSeconds: number;
  /** Seasonal periods used, in seconds. */
  seasonalitySeconds: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Points (sorted or not, gaps allowed) onto a regular grid: the step is the median spacing (at
 * least {@link MIN_SEASONAL_STEP_SECONDS} for series of two days or more); each grid value is the
 * mean of the points in its cell, empty cells linearly interpolated.
 */
export function toGrid(points: ReadonlyArray<readonly [number, number]>): GridSeries {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const first = sorted[0]?.[0] ?? 0;
  const last = sorted.at(-1)?.[0] ?? first;
  const spacings: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const d = (sorted[i]?.[0] ?? 0) - (sorted[i - 1]?.[0] ?? 0);
    if (d > 0) spacings.push(d);
  }
  let step = Math.max(1, median(spacings));
  if (last - first >= 2 * DAY_SECONDS) step = Math.max(step, MIN_SEASONAL_STEP_SECONDS);
  const n = Math.floor((last - first) / step) + 1;
  const sums = new Float64Array(n);
  const counts = new Uint32Array(n);
  for (const [t, v] of sorted) {
    const i = Math.min(n - 1, Math.round((t - first) / step));
    sums[i] = (sums[i] ?? 0) + v;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const values: number[] = new Array(n);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    if ((counts[i] ?? 0) === 0) continue;
    values[i] = (sums[i] ?? 0) / (counts[i] ?? 1);
    if (previous >= 0 && i - previous > 1) {
      const a = values[previous] ?? 0;
      const b = values[i] ?? 0;
      for (let j = previous + 1; j < i; j++) values[j] = a + ((b - a) * (j - previous)) / (i - previous);
    }
    previous = i;
  }
  return { startSeconds: first, stepSeconds: step, values };
}

/** The residuals of the least-squares line through `y`, and the share of variance the line explains. */
export function detrend(y: readonly number[]): { residuals: number[]; r2: number } {
  const n = y.length;
  const { slope, intercept } = leastSquares(y);
  const residuals = y.map((v, i) => v - (intercept + slope * i));
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let total = 0;
  let rest = 0;
  for (let i = 0; i < n; i++) {
    total += ((y[i] ?? 0) - yMean) ** 2;
    rest += (residuals[i] ?? 0) ** 2;
  }
  return { residuals, r2: total > 0 ? 1 - rest / total : 0 };
}

/** Autocorrelation of `r` (mean zero, as residuals are) at `lag`. */
export function autocorrelation(r: readonly number[], lag: number): number {
  const n = r.length;
  if (lag <= 0 || lag >= n) return 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (r[i] ?? 0) ** 2;
    if (i >= lag) num += (r[i] ?? 0) * (r[i - lag] ?? 0);
  }
  return den > 0 ? num / den : 0;
}

/**
 * Daily and weekly periods present in the series: at least two cycles of history (eight days
 * for weekly, which seasonal naive can repeat), detrended autocorrelation at the lag ≥ 0.3, and not a
 * series a straight line explains (R² > 0.95: a disk filling is a trend with noise).
 */
export function detectSeasonality(series: GridSeries): number[] {
  const n = series.values.length;
  const out: number[] = [];
  const { residuals, r2 } = detrend(series.values);
  if (r2 > TREND_R2_THRESHOLD) return out;
  for (const [seconds, cycles] of [
    [DAY_SECONDS, 2],
    // One week plus a day: seasonal naive needs one cycle, the autocorrelation a day of overlap.
    [WEEK_SECONDS, 8 / 7],
  ] as const) {
    const lag = Math.round(seconds / series.stepSeconds);
    if (lag < 2 || n < cycles * lag) continue;
    if (autocorrelation(residuals, lag) >= SEASONAL_ACF_THRESHOLD) out.push(seconds);
  }
  return out;
}

/**
 * Forecasts `horizonSeconds` past the last point. `auto`: without a seasonal period, ordinary
 * least squares as Prometheus' predict_linear; with one, the equal-weight mean of MSTL (augurs,
 * the daily period, last {@link MSTL_MAX_DAYS} days) and seasonal naive at the longest period —
 * the combination measured best by `npm run bench:forecast`.
 */
export function forecastSeries(input: {
  points: ReadonlyArray<readonly [number, number]>;
  horizonSeconds: number;
  seasonalitySeconds?: readonly number[] | undefined;
  method?: ForecastMethod | undefined;
}): ForecastResult {
  const grid = toGrid(input.points);
  const y = grid.values;
  const h = Math.max(1, Math.ceil(input.horizonSeconds / grid.stepSeconds));
  const seasonality = (input.seasonalitySeconds ?? detectSeasonality(grid)).filter(
    (p) => Math.round(p / grid.stepSeconds) >= 2 && y.length >= Math.round(p / grid.stepSeconds),
  );
  const lags = seasonality.map((p) => Math.round(p / grid.stepSeconds)).sort((a, b) => a - b);
  let method = input.method ?? 'auto';
  if (method === 'auto') method = lags.length === 0 ? 'linear' : 'mstl_ensemble';
  if (method !== 'linear' && lags.length === 0) method = 'linear';
  const forecast = run(method, y, h, lags);
  const last = grid.startSeconds + (y.length - 1) * grid.stepSeconds;
  return {
    points: forecast.mean.map((mean, i) => [
      last + (i + 1) * grid.stepSeconds,
      mean,
      forecast.lower[i] ?? mean,
      forecast.upper[i] ?? mean,
    ]),
    method,
    stepSeconds: grid.stepSeconds,
    seasonalitySeconds: seasonality,
  };
}

function run(method: Exclude<ForecastMethod, 'auto'>, y: number[], h: number, lags: number[]): StepForecast {
  const longest = lags.at(-1) ?? 1;
  if (method === 'linear') return linearForecast(y, h);
  if (method === 'seasonal_naive') return seasonalNaiveForecast(y, h, longest);
  const mstl = mstlOrNull(y, h, lags);
  if (method === 'mstl') return mstl ?? seasonalNaiveForecast(y, h, longest);
  const naive = seasonalNaiveForecast(y, h, longest);
  if (!mstl) return naive;
  // Equal-weight combination; the band keeps the mean half-width of the two.
  const mean = mstl.mean.map((v, i) => (v + (naive.mean[i] ?? v)) / 2);
  return {
    mean,
    lower: mean.map(
      (m, i) =>
        m - ((mstl.mean[i] ?? m) - (mstl.lower[i] ?? m) + (naive.mean[i] ?? m) - (naive.lower[i] ?? m)) / 2,
    ),
    upper: mean.map(
      (m, i) =>
        m + ((mstl.upper[i] ?? m) - (mstl.mean[i] ?? m) + (naive.upper[i] ?? m) - (naive.mean[i] ?? m)) / 2,
    ),
  };
}

/** MSTL on the shortest period that has two cycles, fitted on the last {@link MSTL_MAX_DAYS} of them; null when it cannot fit. */
function mstlOrNull(y: number[], h: number, lags: number[]): StepForecast | null {
  const period = lags.find((lag) => y.length >= 2 * lag);
  if (period === undefined) return null;
  try {
    return mstlForecast(y.slice(-MSTL_MAX_DAYS * period), h, [period]);
  } catch {
    return null;
  }
}
