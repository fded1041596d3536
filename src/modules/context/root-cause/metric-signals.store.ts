import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';

/** One resource series of one service: its baseline level and spread, and its peak after onset. */
export interface SaturationRow {
  service: string;
  metric: string;
  baselineMean: number;
  baselineStd: number;
  baselinePoints: number;
  afterMax: number;
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

/**
 * Per service and series (resource + point attributes) of a saturation metric: baseline mean and
 * standard deviation before onset and the maximum after. Gauges and non-monotonic sums only: they
 * are levels; monotonic counters would need a rate first.
 */
export async function querySaturation(store: TelemetryStore, w: AnalysisWindow): Promise<SaturationRow[]> {
  return store.query<SaturationRow>(sql`SELECT service, metric,
  avgIf(v, t < ${w.onset}) AS baselineMean,
  stddevPopIf(v, t < ${w.onset}) AS baselineStd,
  toUInt32(countIf(t < ${w.onset})) AS baselinePoints,
  maxIf(v, t >= ${w.onset}) AS afterMax
FROM (
  SELECT ServiceName AS service, MetricName AS metric, cityHash64(ResourceAttributes, Attributes) AS series,
    TimeUnix AS t, Value AS v
  FROM otel_metrics_gauge
  WHERE TimeUnix >= ${w.baselineFrom} AND TimeUnix < ${w.afterTo} AND isFinite(Value) AND match(MetricName, ${SATURATION_METRIC})
  UNION ALL
  SELECT ServiceName AS service, MetricName AS metric, cityHash64(ResourceAttributes, Attributes) AS series,
    TimeUnix AS t, Value AS v
  FROM otel_metrics_sum
  WHERE TimeUnix >= ${w.baselineFrom} AND TimeUnix < ${w.afterTo} AND NOT IsMonotonic AND isFinite(Value)
    AND match(MetricName, ${SATURATION_METRIC})
)
GROUP BY service, metric, series
HAVING baselinePoints >= ${MIN_BASELINE_POINTS} AND countIf(t >= ${w.onset}) > 0`);
}
