import {
  inInstantRange,
  param,
  raw,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import type { MetricName, MetricType } from './contract.ts';
import type { TimeRange } from './time-range.ts';

/** Which points a metric query reads; times are epoch seconds aligned to the step. */
export interface MetricSelector {
  name: string;
  service?: string | undefined;
  labels: ReadonlyArray<[string, string]>;
  fromSeconds: number;
  toSeconds: number;
  stepSeconds: number;
}

/** Aggregations computed in SQL over gauge and sum points. */
export type SqlAgg = 'avg' | 'sum' | 'max' | 'p50' | 'p95' | 'p99';

/** One series' key: its attributes plus `service.name`. */
export type Labels = Record<string, string>;

export interface ValueBucketRow {
  labels: Labels;
  t: number;
  v: number;
  last: number;
  temporality: number;
}

export interface HistogramBucketRow {
  labels: Labels;
  t: number;
  counts: number[];
  bounds: number[];
  temporality: number;
}

const AGG_SQL: Record<SqlAgg, string> = {
  avg: 'avg(Value)',
  sum: 'sum(Value)',
  max: 'max(Value)',
  p50: 'quantile(0.5)(Value)',
  p95: 'quantile(0.95)(Value)',
  p99: 'quantile(0.99)(Value)',
};

const TABLES: ReadonlyArray<[MetricType, string]> = [
  ['gauge', 'otel_metrics_gauge'],
  ['sum', 'otel_metrics_sum'],
  ['histogram', 'otel_metrics_histogram'],
  ['exponential_histogram', 'otel_metrics_exponential_histogram'],
  ['summary', 'otel_metrics_summary'],
];

/** The only SQL over the otel_metrics_* tables. */
export interface MetricsStore {
  /** Gauge and sum points bucketed per series: the aggregate `v`, last value, and temporality. */
  valueBuckets(selector: MetricSelector, agg: SqlAgg): Promise<ValueBucketRow[]>;
  /** Histogram points bucketed per series: summed (delta) or last (cumulative) bucket counts. */
  histogramBuckets(selector: MetricSelector): Promise<HistogramBucketRow[]>;
  /** Whether the metric has histogram points in the window. */
  isHistogram(selector: MetricSelector): Promise<boolean>;
  /** Metrics with points in `range` (closed-open, exact to the nanosecond). */
  names(input: { service?: string | undefined; range: TimeRange }): Promise<MetricName[]>;
}

function secondsRange(fromSeconds: number, toSeconds: number): TimeRange {
  return { from: new Date(fromSeconds * 1000), to: new Date(toSeconds * 1000) };
}

function where(s: MetricSelector): SqlFragment {
  let cond = sql`MetricName = ${s.name} AND ${inInstantRange('TimeUnix', secondsRange(s.fromSeconds, s.toSeconds))}`;
  if (s.service !== undefined) cond = sql`${cond} AND ServiceName = ${s.service}`;
  for (const [key, value] of s.labels) cond = sql`${cond} AND Attributes[${key}] = ${value}`;
  return cond;
}

const SERIES = sql`mapUpdate(CAST(Attributes, 'Map(String, String)'), map('service.name', ServiceName))`;

/** Creates the metric queries over `telemetry`. */
export function createMetricsStore(telemetry: TelemetryStore): MetricsStore {
  return {
    valueBuckets(s, agg) {
      const step = param(s.stepSeconds, 'UInt32');
      // raw() is safe: AGG_SQL holds constant text, chosen by a validated enum.
      return telemetry.query<ValueBucketRow>(sql`
        SELECT labels, toUInt32(intDiv(toUInt32(toDateTime(TimeUnix)), ${step}) * ${step}) AS t,
               toFloat64(${raw(AGG_SQL[agg])}) AS v, argMax(Value, TimeUnix) AS last,
               any(Temporality) AS temporality
        FROM (
          SELECT ${SERIES} AS labels, TimeUnix, Value, 0 AS Temporality FROM otel_metrics_gauge WHERE ${where(s)}
          UNION ALL
          SELECT ${SERIES} AS labels, TimeUnix, Value, AggregationTemporality AS Temporality
          FROM otel_metrics_sum WHERE ${where(s)}
        )
        GROUP BY labels, t
        ORDER BY toString(labels), t`);
    },
    async histogramBuckets(s) {
      const step = param(s.stepSeconds, 'UInt32');
      const rows = await telemetry.query<Omit<HistogramBucketRow, 'counts'> & { counts: string[] }>(sql`
        SELECT ${SERIES} AS labels, toUInt32(intDiv(toUInt32(toDateTime(TimeUnix)), ${step}) * ${step}) AS t,
               any(AggregationTemporality) AS temporality,
               if(temporality = 1, sumForEach(BucketCounts), argMax(BucketCounts, TimeUnix)) AS counts,
               argMax(ExplicitBounds, TimeUnix) AS bounds
        FROM otel_metrics_histogram WHERE ${where(s)}
        GROUP BY labels, t
        ORDER BY toString(labels), t`);
      // UInt64 counts arrive as decimal strings (see TelemetryStore); bucket counts fit a double.
      return rows.map((r) => ({ ...r, counts: r.counts.map(Number) }));
    },
    async isHistogram(s) {
      const rows = await telemetry.query<{ n: number }>(sql`
        SELECT toUInt8(1) AS n FROM otel_metrics_histogram WHERE ${where(s)} LIMIT 1`);
      return rows.length > 0;
    },
    async names({ service, range }) {
      const parts = TABLES.map(
        ([type, table]) => sql`
          SELECT MetricName AS name, ${type} AS type, any(MetricUnit) AS unit, any(MetricDescription) AS description
          FROM ${raw(table)}
          WHERE ${inInstantRange('TimeUnix', range)}
            ${service === undefined ? sql`` : sql`AND ServiceName = ${service}`}
          GROUP BY MetricName`,
      );
      // raw(table) is safe: table names are the constants above.
      return telemetry.query<MetricName>(sql`
        SELECT name, type, unit, description FROM (${parts.reduce((acc, p) => sql`${acc} UNION ALL ${p}`)})
        ORDER BY name, type`);
    },
  };
}
