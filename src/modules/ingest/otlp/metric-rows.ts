import { JSON_READY } from '../../../stores/telemetry/index.ts';
import type { ExemplarModel, MetricsRequest, ResourceModel, ScopeModel } from './otlp-model.ts';
import { checkId, checkUnixNanos, float64, formatUnixNanos } from './row-values.ts';
import { newRowSet, type RowSet, reject, serviceNameOf } from './trace-log-rows.ts';

/** The otel_metrics_* table each OTLP metric type is stored in. */
export const METRIC_TABLES = {
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponentialHistogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
} as const;

export type MetricTable = (typeof METRIC_TABLES)[keyof typeof METRIC_TABLES];

/** Rows per metrics table, plus one count of rejected data points across them. */
export interface MetricRowSets {
  tables: Map<MetricTable, Record<string, unknown>[]>;
  rejected: number;
  reasons: string[];
}

/** Maps data points to otel_metrics_* rows the way the clickhouseexporter does. */
export function metricRows(request: MetricsRequest): MetricRowSets {
  const tables = new Map<MetricTable, Record<string, unknown>[]>();
  const problems: RowSet = newRowSet();
  const push = (table: MetricTable, row: Record<string, unknown>) => {
    let rows = tables.get(table);
    if (!rows) {
      rows = [];
      tables.set(table, rows);
    }
    rows.push(row);
  };
  request.forEach((group, ri) => {
    group.scopes.forEach(({ scope, records }, si) => {
      records.forEach((metric, mi) => {
        const data = metric.data;
        if (data.type === 'empty') return;
        const table = METRIC_TABLES[data.type];
        data.points.forEach((point, pi) => {
          const problem = checkPoint(point);
          if (problem !== null) {
            reject(
              problems,
              `resourceMetrics[${ri}].scopeMetrics[${si}].metrics[${mi}].${data.type}.dataPoints[${pi}]`,
              problem,
            );
            return;
          }
          const row = headColumns(group.resource, scope, metric, point);
          switch (data.type) {
            case 'gauge':
            case 'sum': {
              const p = data.points[pi];
              if (!p) return;
              row.Value = float64(p.value);
              row.Flags = p.flags;
              Object.assign(row, exemplarColumns(p.exemplars));
              if (data.type === 'sum') {
                row.AggregationTemporality = data.temporality;
                row.IsMonotonic = data.isMonotonic;
              }
              break;
            }
            case 'histogram': {
              const p = data.points[pi];
              if (!p) return;
              Object.assign(row, {
                Count: p.count.toString(),
                Sum: float64(p.sum),
                BucketCounts: p.bucketCounts.map(String),
                ExplicitBounds: p.explicitBounds.map(float64),
                ...exemplarColumns(p.exemplars),
                Flags: p.flags,
                Min: float64(p.min),
                Max: float64(p.max),
                AggregationTemporality: data.temporality,
              });
              break;
            }
            case 'exponentialHistogram': {
              const p = data.points[pi];
              if (!p) return;
              Object.assign(row, {
                Count: p.count.toString(),
                Sum: float64(p.sum),
                Scale: p.scale,
                ZeroCount: p.zeroCount.toString(),
                PositiveOffset: p.positiveOffset,
                PositiveBucketCounts: p.positiveBucketCounts.map(String),
                NegativeOffset: p.negativeOffset,
                NegativeBucketCounts: p.negativeBucketCounts.map(String),
                ...exemplarColumns(p.exemplars),
                Flags: p.flags,
                Min: float64(p.min),
                Max: float64(p.max),
                AggregationTemporality: data.temporality,
              });
              break;
            }
            case 'summary': {
              const p = data.points[pi];
              if (!p) return;
              Object.assign(row, {
                Count: p.count.toString(),
                Sum: float64(p.sum),
                'ValueAtQuantiles.Quantile': p.quantiles.map(float64),
                'ValueAtQuantiles.Value': p.values.map(float64),
                Flags: p.flags,
              });
              break;
            }
          }
          push(table, row);
        });
      });
    });
  });
  return { tables, rejected: problems.rejected, reasons: problems.reasons };
}

interface PointTimes {
  attributes: Record<string, string>;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  exemplars?: ExemplarModel[];
}

function checkPoint(point: PointTimes): string | null {
  const start = checkUnixNanos(point.startTimeUnixNano);
  if (start !== null) return `startTimeUnixNano: ${start}`;
  const time = checkUnixNanos(point.timeUnixNano);
  if (time !== null) return `timeUnixNano: ${time}`;
  for (const [i, ex] of (point.exemplars ?? []).entries()) {
    const p =
      checkId(ex.traceId, 16, 'traceId', true) ??
      checkId(ex.spanId, 8, 'spanId', true) ??
      (checkUnixNanos(ex.timeUnixNano) === null ? null : `timeUnixNano: ${checkUnixNanos(ex.timeUnixNano)}`);
    if (p !== null) return `exemplars[${i}].${p}`;
  }
  return null;
}

function headColumns(
  resource: ResourceModel,
  scope: ScopeModel,
  metric: { name: string; description: string; unit: string },
  point: PointTimes,
): Record<string, unknown> {
  // 64-bit counts are written as decimal text (JSON has no 64-bit integers), so rows are plain JSON.
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceNameOf(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: formatUnixNanos(point.startTimeUnixNano),
    TimeUnix: formatUnixNanos(point.timeUnixNano),
    [JSON_READY]: true,
  };
}

function exemplarColumns(exemplars: ExemplarModel[]): Record<string, unknown> {
  return {
    'Exemplars.FilteredAttributes': exemplars.map((e) => e.filteredAttributes),
    'Exemplars.TimeUnix': exemplars.map((e) => formatUnixNanos(e.timeUnixNano)),
    'Exemplars.Value': exemplars.map((e) => float64(e.value)),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
  };
}
