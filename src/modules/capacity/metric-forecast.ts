import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import type { MetricForecastQuery, MetricForecastResponse } from './contract.ts';
import { forecastSeries } from './forecast.ts';
import { parseSelector } from './metric-selector.ts';

const DAY = 86_400;
/** Most series one selector may forecast: a selector matching hundreds is a query to narrow. */
export const MAX_FORECAST_SERIES = 10;
/** Most history points per series (days × points per day), so a small step cannot blow up a fit. */
export const MAX_HISTORY_POINTS = 10_000;

/** What the telemetry module answers for one metric: one series per label set, a point per bucket. */
export type MetricSeriesReader = (input: {
  name: string;
  service: string | undefined;
  labels: Array<[string, string]>;
  range: { from: Date; to: Date };
  step: number;
  agg: MetricForecastQuery['agg'];
}) => Promise<Array<{ labels: Record<string, string>; points: Array<{ t: string; v: number | null }> }>>;

/**
 * When the forecast mean first reaches `limit` from the side the series is on now (a free-memory
 * series falls to its floor, a queue grows to its cap), interpolated between steps; null when not
 * within the forecast.
 */
export function reachesSeconds(
  lastPoint: readonly [number, number],
  forecast: ReadonlyArray<readonly [number, number, number, number]>,
  limit: number,
): number | null {
  const sign = lastPoint[1] > limit ? -1 : 1;
  let [t0, v0] = [lastPoint[0], sign * lastPoint[1]];
  const target = sign * limit;
  if (v0 >= target) return t0;
  for (const [t, rawMean] of forecast) {
    const mean = sign * rawMean;
    if (mean >= target) return mean === v0 ? t : t0 + ((target - v0) * (t - t0)) / (mean - v0);
    [t0, v0] = [t, mean];
  }
  return null;
}

/**
 * Forecasts any metric a person picks: a selector (`name{label="value"}`), aggregated per
 * bucket (`avg`, `max`, `sum`, `rate` for counters), one forecast per matching series, with the
 * time it reaches `limit` when one is given.
 */
export function createMetricForecaster(deps: {
  readSeries: MetricSeriesReader;
  clock: Clock;
  historyDays: number;
}) {
  return async (query: MetricForecastQuery): Promise<MetricForecastResponse> => {
    const selector = parseSelector(query.selector);
    const historyDays = query.historyDays ?? deps.historyDays;
    const step = query.stepMinutes * 60;
    if ((historyDays * DAY) / step > MAX_HISTORY_POINTS)
      throw new InputError(
        `stepMinutes: ${query.stepMinutes} gives more than ${MAX_HISTORY_POINTS} points over ${historyDays} days; use a larger step or fewer historyDays`,
        'stepMinutes',
      );
    const now = deps.clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const found = await deps.readSeries({
      ...selector,
      range: { from: new Date(now.getTime() - historyDays * DAY * 1000), to: now },
      step,
      agg: query.agg,
    });
    const histories = found
      .map((s) => ({
        labels: s.labels,
        history: s.points
          .filter((p): p is { t: string; v: number } => p.v !== null && Number.isFinite(p.v))
          .map((p) => [Date.parse(p.t) / 1000, p.v] as [number, number]),
      }))
      .filter((s) => s.history.length >= 3)
      // The largest now first: with many matches, those nearest a cap are the ones shown.
      .sort((a, b) => (b.history.at(-1)?.[1] ?? 0) - (a.history.at(-1)?.[1] ?? 0));
    const series = histories.slice(0, MAX_FORECAST_SERIES).map(({ labels, history }) => {
      const last = history.at(-1) ?? [nowSeconds, 0];
      const forecast = forecastSeries({ points: history, horizonSeconds: query.horizonDays * DAY });
      const at = query.limit === undefined ? null : reachesSeconds(last, forecast.points, query.limit);
      return {
        labels,
        current: last[1],
        history,
        forecast,
        reachesLimitAt: at === null ? null : new Date(at * 1000).toISOString(),
        daysUntilLimit: at === null ? null : Math.max(0, (at - nowSeconds) / DAY),
      };
    });
    return {
      name: selector.name,
      agg: query.agg,
      limit: query.limit ?? null,
      stepSeconds: step,
      matchedSeries: histories.length,
      series,
    };
  };
}
