import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initSync as initMstl, MSTL } from '@bsull/augurs/mstl';

/** A forecast of `h` steps: the mean and a prediction band at {@link BAND_LEVEL}. */
export interface StepForecast {
  mean: number[];
  lower: number[];
  upper: number[];
}

export const BAND_LEVEL = 0.95;
const Z_95 = 1.959964;

let mstlReady = false;
/** Instantiates augurs' MSTL WebAssembly once, from the package's own file (no network). */
function ensureMstl(): void {
  if (mstlReady) return;
  const entry = createRequire(import.meta.url).resolve('@bsull/augurs/mstl');
  initMstl({ module: readFileSync(join(dirname(entry), 'mstl_bg.wasm')) });
  mstlReady = true;
}

/**
 * MSTL (augurs): the series less each seasonal component (STL per period), the rest forecast by
 * AutoETS; the band is ETS's at {@link BAND_LEVEL}. Periods longer than half the series are dropped.
 */
export function mstlForecast(y: readonly number[], h: number, periods: readonly number[]): StepForecast {
  ensureMstl();
  const usable = periods.filter((p) => p >= 2 && y.length >= 2 * p);
  const model = MSTL.ets(Uint32Array.from(usable), { impute: false });
  try {
    model.fit(Float64Array.from(y));
    const f = model.predict(h, BAND_LEVEL);
    const mean = Array.from(f.point);
    return {
      mean,
      lower: f.intervals ? Array.from(f.intervals.lower) : mean,
      upper: f.intervals ? Array.from(f.intervals.upper) : mean,
    };
  } finally {
    model.free();
  }
}

/** Seasonal naive: each step repeats the value one period earlier; the band widens with whole periods. */
export function seasonalNaiveForecast(y: readonly number[], h: number, period: number): StepForecast {
  const m = Math.min(period, y.length);
  const n = y.length;
  const diffs: number[] = [];
  for (let i = m; i < n; i++) diffs.push((y[i] ?? 0) - (y[i - m] ?? 0));
  const sigma = standardDeviation(diffs);
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < h; i++) {
    const v = y[n - m + (i % m)] ?? 0;
    const width = Z_95 * sigma * Math.sqrt(Math.floor(i / m) + 1);
    mean.push(v);
    lower.push(v - width);
    upper.push(v + width);
  }
  return { mean, lower, upper };
}

/** Ordinary least squares on the whole series, as Prometheus' predict_linear, with a prediction band. */
export function linearForecast(y: readonly number[], h: number): StepForecast {
  const n = y.length;
  const { slope, intercept } = leastSquares(y);
  const xMean = (n - 1) / 2;
  let sxx = 0;
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) {
    sxx += (i - xMean) ** 2;
    residuals.push((y[i] ?? 0) - (intercept + slope * i));
  }
  const sigma = Math.sqrt(residuals.reduce((t, r) => t + r * r, 0) / Math.max(1, n - 2));
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < h; i++) {
    const x = n + i;
    const v = intercept + slope * x;
    const width = Z_95 * sigma * Math.sqrt(1 + 1 / n + (sxx > 0 ? (x - xMean) ** 2 / sxx : 0));
    mean.push(v);
    lower.push(v - width);
    upper.push(v + width);
  }
  return { mean, lower, upper };
}

export function leastSquares(y: readonly number[]): { slope: number; intercept: number } {
  const n = y.length;
  if (n < 2) return { slope: 0, intercept: y[0] ?? 0 };
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * ((y[i] ?? 0) - yMean);
    sxx += (i - xMean) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: yMean - slope * xMean };
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((t, v) => t + v, 0) / values.length;
  return Math.sqrt(values.reduce((t, v) => t + (v - mean) ** 2, 0) / (values.length - 1));
}
