import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { robustSpread, sustainedLevel } from './robust-baseline.ts';
import { inWindows } from './window-rows.ts';

/**
 * One resource series of one service: its typical baseline level and robust spread, and the level it
 * held after onset in most of its points (a single spike does not reach it; a saturation that lasts
 * does). Levels are compared with levels, not a peak with a mean.
 */
export interface SaturationRow {
  service: string;
  metric: string;
  baselineMedian: number;
  /** Interquartile range / 1.349: the standard deviation if the baseline were normal, unmoved by outliers. */
  baselineSigma: number;
  baselinePoints: number;
  /** The level a majority of points after onset are at or above (see {@link sustainedLevel}). */
  afterSustained: number;
  afterPoints: number;
}

/**
 * Metric names that describe resource saturation, across OpenTelemetry semantic conventions
 * (`process.cpu.utilization`, `container.memory.usage`, `jvm.gc.duration`, `system.disk.io`…) and
 * Prometheus/cAdvisor names (`container_cpu_usage_seconds_total`, `CpuUsageRate`). Request metrics
 * (latency, rate, success) are left out: the span signals already cover them, from their source.
 */
const SATURATION_METRIC =
  '(?i)(cpu|memory|mem_|heap|gc|thread|disk|filesystem|file_descriptor|open_fds|swap|throttl)';
/** Fewest baseline points for a mean and a spread; per-minute metrics give 30 in the default baseline. */
const MIN_BASELINE_POINTS = 5;

interface SeriesRow {
  service: string;
  metric: string;
  baseline: number[];
  after: number[];
}

/**
 * Per service and series (resource + point attributes) of a saturation metric: the baseline points
 * before onset and the points after it, reduced to robust levels in {@link toSaturationRow}. Gauges
 * and non-monotonic sums only: they are levels; monotonic counters would need a rate first.
 */
export async function querySaturation(store: TelemetryStore, w: AnalysisWindow): Promise<SaturationRow[]> {
  const rows = await store.query<SeriesRow>(sql`SELECT service, metric,
  groupArrayIf(v, t < ${w.onset}) AS baseline, groupArrayIf(v, t >= ${w.onset}) AS after
FROM (
  SELECT ServiceName AS service, MetricName AS metric, cityHash64(ResourceAttributes, Attributes) AS series,
    TimeUnix AS t, Value AS v
  FROM otel_metrics_gauge
  WHERE ${inWindows(w, 'TimeUnix')} AND isFinite(Value) AND match(MetricName, ${SATURATION_METRIC})
  UNION ALL
  SELECT ServiceName AS service, MetricName AS metric, cityHash64(ResourceAttributes, Attributes) AS series,
    TimeUnix AS t, Value AS v
  FROM otel_metrics_sum
  WHERE ${inWindows(w, 'TimeUnix')} AND NOT IsMonotonic AND isFinite(Value)
    AND match(MetricName, ${SATURATION_METRIC})
)
GROUP BY service, metric, series
HAVING length(baseline) >= ${MIN_BASELINE_POINTS} AND length(after) > 0`);
  return rows.map(toSaturationRow);
}

/** Baseline median and robust spread, and the level held after onset. */
export function toSaturationRow(row: SeriesRow): SaturationRow {
  const { median, sigma } = robustSpread(row.baseline);
  return {
    service: row.service,
    metric: row.metric,
    baselineMedian: median,
    baselineSigma: sigma,
    baselinePoints: row.baseline.length,
    afterSustained: sustainedLevel(row.after) ?? median,
    afterPoints: row.after.length,
  };
}
