/**
 * OTLP/JSON export request bodies (the shapes docs/ingest.md lists: lowerCamelCase fields, ids in
 * hex, enums as integers, 64-bit times as decimal strings so no nanosecond is lost) for the records
 * the Nezha replay produces. Records name their resource by reference; records sharing one resource
 * object travel under one `resource*` entry, as an SDK batches them.
 */

/** Resource attributes (service.name, k8s.pod.name, …), shared by every record of one source. */
export type ResourceAttributes = Readonly<Record<string, string>>;

/** OTLP `SpanKind` values the replay uses. */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export type SpanKindValue = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

export interface SpanRecord {
  resource: ResourceAttributes;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKindValue;
  startNs: bigint;
  endNs: bigint;
}

export interface LogRecord {
  resource: ResourceAttributes;
  timeNs: bigint;
  traceId: string;
  spanId: string;
  severityText: string;
  severityNumber: number;
  body: string;
}

/** One value of a gauge at one instant. */
export interface GaugePoint {
  resource: ResourceAttributes;
  name: string;
  unit: string;
  timeNs: bigint;
  value: number;
}

/** An `ExportTraceServiceRequest`; spans carry no status, so it is Unset. */
export function tracesRequest(spans: readonly SpanRecord[]): object {
  return {
    resourceSpans: byResource(spans).map(([resource, records]) => ({
      resource: { attributes: keyValues(resource) },
      scopeSpans: [
        {
          spans: records.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId === '' ? {} : { parentSpanId: s.parentSpanId }),
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: s.startNs.toString(),
            endTimeUnixNano: s.endNs.toString(),
          })),
        },
      ],
    })),
  };
}

/** An `ExportLogsServiceRequest`. */
export function logsRequest(lines: readonly LogRecord[]): object {
  return {
    resourceLogs: byResource(lines).map(([resource, records]) => ({
      resource: { attributes: keyValues(resource) },
      scopeLogs: [
        {
          logRecords: records.map((l) => ({
            timeUnixNano: l.timeNs.toString(),
            ...(l.severityNumber === 0 ? {} : { severityNumber: l.severityNumber }),
            ...(l.severityText === '' ? {} : { severityText: l.severityText }),
            body: { stringValue: l.body },
            ...(l.traceId === '' ? {} : { traceId: l.traceId }),
            ...(l.spanId === '' ? {} : { spanId: l.spanId }),
          })),
        },
      ],
    })),
  };
}

/**
 * An `ExportMetricsServiceRequest` of Gauge metrics, one metric per name under each resource. A
 * sample has no start time; it is set to the sample time, as the direct insert wrote it.
 */
export function gaugesRequest(points: readonly GaugePoint[]): object {
  return {
    resourceMetrics: byResource(points).map(([resource, records]) => {
      const metrics = new Map<string, { name: string; unit: string; gauge: { dataPoints: object[] } }>();
      for (const p of records) {
        const key = `${p.name}\u0000${p.unit}`;
        let metric = metrics.get(key);
        if (!metric) {
          metric = { name: p.name, unit: p.unit, gauge: { dataPoints: [] } };
          metrics.set(key, metric);
        }
        const time = p.timeNs.toString();
        metric.gauge.dataPoints.push({ startTimeUnixNano: time, timeUnixNano: time, asDouble: p.value });
      }
      return {
        resource: { attributes: keyValues(resource) },
        scopeMetrics: [{ metrics: [...metrics.values()] }],
      };
    }),
  };
}

function byResource<T extends { resource: ResourceAttributes }>(
  records: readonly T[],
): [ResourceAttributes, T[]][] {
  const groups = new Map<ResourceAttributes, T[]>();
  for (const record of records) {
    const group = groups.get(record.resource);
    if (group) group.push(record);
    else groups.set(record.resource, [record]);
  }
  return [...groups];
}

function keyValues(attributes: ResourceAttributes): object[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } }));
}
