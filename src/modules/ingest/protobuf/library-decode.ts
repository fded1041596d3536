/**
 * Decoding with the protobuf-es code generated from the official .proto files: `fromBinary` into
 * generated messages, then a walk that maps them onto Cairn's model. Logs are decoded this way in
 * production (otlp/proto-logs.ts); for traces, metrics and remote write it is the reference the
 * hand-written readers (otlp/proto-*.ts, remote-write/) are checked against (the differential test)
 * and measured against (`npm run bench:ingest`). See docs/adr/0006-hand-written-protobuf-decoding.md.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { AnyMap, type AnyValue, anyValueToString } from '../otlp/any-value.ts';
import type {
  AttributeCollector,
  Attributes,
  ExemplarModel,
  LogsRequest,
  MetricData,
  MetricModel,
  MetricsRequest,
  ResourceGroup,
  ScopeModel,
  SpanModel,
  TracesRequest,
} from '../otlp/otlp-model.ts';
import {
  checkSampleMillis,
  type RemoteWriteRows,
  STALE_NAN_BITS,
  seriesRows,
} from '../remote-write/remote-write-decode.ts';
import {
  type ExportLogsServiceRequest,
  ExportLogsServiceRequestSchema,
} from './generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import { ExportMetricsServiceRequestSchema } from './generated/opentelemetry/proto/collector/metrics/v1/metrics_service_pb.ts';
import { ExportTraceServiceRequestSchema } from './generated/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts';
import type {
  AnyValue as AnyValueMessage,
  InstrumentationScope,
  KeyValue,
} from './generated/opentelemetry/proto/common/v1/common_pb.ts';
import type { LogRecord } from './generated/opentelemetry/proto/logs/v1/logs_pb.ts';
import type {
  Exemplar,
  Metric,
  NumberDataPoint,
} from './generated/opentelemetry/proto/metrics/v1/metrics_pb.ts';
import type { Resource } from './generated/opentelemetry/proto/resource/v1/resource_pb.ts';
import type { Span } from './generated/opentelemetry/proto/trace/v1/trace_pb.ts';
import { WriteRequestSchema } from './generated/prometheus/remote_pb.ts';
import { toHex } from './proto-reader.ts';

/** `ExportTraceServiceRequest` bytes → Cairn's model, through the generated code. */
export function decodeTracesWithLibrary(body: Uint8Array, attrs: AttributeCollector): TracesRequest {
  return fromBinary(ExportTraceServiceRequestSchema, body).resourceSpans.map((rs) =>
    group(
      attrs,
      rs.resource,
      rs.schemaUrl,
      rs.scopeSpans,
      (ss) => ss.spans,
      (s) => span(s, attrs),
    ),
  );
}

/** `ExportLogsServiceRequest` bytes → Cairn's model, through the generated code. */
export function decodeLogsWithLibrary(body: Uint8Array, attrs: AttributeCollector): LogsRequest {
  return logsFromMessage(fromBinary(ExportLogsServiceRequestSchema, body), attrs);
}

/** A decoded `ExportLogsServiceRequest` → Cairn's model. */
export function logsFromMessage(request: ExportLogsServiceRequest, attrs: AttributeCollector): LogsRequest {
  return request.resourceLogs.map((rl) =>
    group(
      attrs,
      rl.resource,
      rl.schemaUrl,
      rl.scopeLogs,
      (sl) => sl.logRecords,
      (l) => log(l, attrs),
    ),
  );
}

/** `ExportMetricsServiceRequest` bytes → Cairn's model, through the generated code. */
export function decodeMetricsWithLibrary(body: Uint8Array, attrs: AttributeCollector): MetricsRequest {
  return fromBinary(ExportMetricsServiceRequestSchema, body).resourceMetrics.map((rm) =>
    group(
      attrs,
      rm.resource,
      rm.schemaUrl,
      rm.scopeMetrics,
      (sm) => sm.metrics,
      (m) => metric(m, attrs),
    ),
  );
}

function group<S extends { scope?: InstrumentationScope; schemaUrl: string }, M, R>(
  attrs: AttributeCollector,
  resource: Resource | undefined,
  schemaUrl: string,
  scopes: S[],
  recordsOf: (scope: S) => M[],
  record: (message: M) => R,
): ResourceGroup<R> {
  return {
    resource: { attributes: attributes(resource?.attributes ?? [], attrs), schemaUrl },
    scopes: scopes.map((s) => ({
      scope: scope(s.scope, s.schemaUrl, attrs),
      records: recordsOf(s).map(record),
    })),
  };
}

function scope(
  s: InstrumentationScope | undefined,
  schemaUrl: string,
  attrs: AttributeCollector,
): ScopeModel {
  return {
    name: s?.name ?? '',
    version: s?.version ?? '',
    attributes: attributes(s?.attributes ?? [], attrs),
    droppedAttributesCount: s?.droppedAttributesCount ?? 0,
    schemaUrl,
  };
}

function attributes(list: KeyValue[], attrs: AttributeCollector): Attributes {
  const target = attrs.create();
  let count = 0;
  for (const kv of list) count = attrs.add(target, count, kv.key, anyValueToString(anyValue(kv.value)));
  return target;
}

function anyValue(v: AnyValueMessage | undefined): AnyValue {
  if (v === undefined) return null;
  const value = v.value;
  switch (value.case) {
    case undefined:
      return null;
    case 'arrayValue':
      return value.value.values.map(anyValue);
    case 'kvlistValue': {
      const map = new AnyMap();
      for (const kv of value.value.values) map.entries.push([kv.key, anyValue(kv.value)]);
      return map;
    }
    default:
      return value.value;
  }
}

function span(s: Span, attrs: AttributeCollector): SpanModel {
  return {
    traceId: toHex(s.traceId),
    spanId: toHex(s.spanId),
    parentSpanId: toHex(s.parentSpanId),
    traceState: s.traceState,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    attributes: attributes(s.attributes, attrs),
    events: s.events.map((e) => ({
      timeUnixNano: e.timeUnixNano,
      name: e.name,
      attributes: attributes(e.attributes, attrs),
    })),
    links: s.links.map((l) => ({
      traceId: toHex(l.traceId),
      spanId: toHex(l.spanId),
      traceState: l.traceState,
      attributes: attributes(l.attributes, attrs),
    })),
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

function log(
  l: LogRecord,
  attrs: AttributeCollector,
): LogsRequest[number]['scopes'][number]['records'][number] {
  return {
    timeUnixNano: l.timeUnixNano,
    observedTimeUnixNano: l.observedTimeUnixNano,
    severityNumber: l.severityNumber,
    severityText: l.severityText,
    body: anyValueToString(anyValue(l.body)),
    attributes: attributes(l.attributes, attrs),
    flags: l.flags,
    traceId: toHex(l.traceId),
    spanId: toHex(l.spanId),
    eventName: l.eventName,
  };
}

function metric(m: Metric, attrs: AttributeCollector): MetricModel {
  return { name: m.name, description: m.description, unit: m.unit, data: metricData(m, attrs) };
}

function metricData(m: Metric, attrs: AttributeCollector): MetricData {
  const base = (p: {
    attributes: KeyValue[];
    startTimeUnixNano: bigint;
    timeUnixNano: bigint;
    flags: number;
  }) => ({
    attributes: attributes(p.attributes, attrs),
    startTimeUnixNano: p.startTimeUnixNano,
    timeUnixNano: p.timeUnixNano,
    flags: p.flags,
  });
  const exemplars = (list: Exemplar[]) => list.map((e) => exemplar(e, attrs));
  const numberPoint = (p: NumberDataPoint) => ({
    ...base(p),
    value: numberValue(p.value),
    exemplars: exemplars(p.exemplars),
  });
  const data = m.data;
  switch (data.case) {
    case undefined:
      return { type: 'empty', points: [] };
    case 'gauge':
      return { type: 'gauge', points: data.value.dataPoints.map(numberPoint) };
    case 'sum':
      return {
        type: 'sum',
        points: data.value.dataPoints.map(numberPoint),
        temporality: data.value.aggregationTemporality,
        isMonotonic: data.value.isMonotonic,
      };
    case 'histogram':
      return {
        type: 'histogram',
        temporality: data.value.aggregationTemporality,
        points: data.value.dataPoints.map((p) => ({
          ...base(p),
          count: p.count,
          sum: p.sum ?? 0,
          bucketCounts: p.bucketCounts,
          explicitBounds: p.explicitBounds,
          exemplars: exemplars(p.exemplars),
          min: p.min ?? 0,
          max: p.max ?? 0,
        })),
      };
    case 'exponentialHistogram':
      return {
        type: 'exponentialHistogram',
        temporality: data.value.aggregationTemporality,
        points: data.value.dataPoints.map((p) => ({
          ...base(p),
          count: p.count,
          sum: p.sum ?? 0,
          scale: p.scale,
          zeroCount: p.zeroCount,
          positiveOffset: p.positive?.offset ?? 0,
          positiveBucketCounts: p.positive?.bucketCounts ?? [],
          negativeOffset: p.negative?.offset ?? 0,
          negativeBucketCounts: p.negative?.bucketCounts ?? [],
          exemplars: exemplars(p.exemplars),
          min: p.min ?? 0,
          max: p.max ?? 0,
        })),
      };
    case 'summary':
      return {
        type: 'summary',
        points: data.value.dataPoints.map((p) => ({
          ...base(p),
          count: p.count,
          sum: p.sum,
          quantiles: p.quantileValues.map((q) => q.quantile),
          values: p.quantileValues.map((q) => q.value),
        })),
      };
  }
}

function numberValue(value: NumberDataPoint['value'] | Exemplar['value']): number {
  if (value.case === 'asDouble') return value.value;
  if (value.case === 'asInt') return Number(value.value);
  return 0;
}

function exemplar(e: Exemplar, attrs: AttributeCollector): ExemplarModel {
  return {
    filteredAttributes: attributes(e.filteredAttributes, attrs),
    timeUnixNano: e.timeUnixNano,
    value: numberValue(e.value),
    spanId: toHex(e.spanId),
    traceId: toHex(e.traceId),
  };
}

const doubleBits = new DataView(new ArrayBuffer(8));

/** A `prometheus.WriteRequest` (already inflated) → otel_metrics_gauge rows, through the generated code. */
export function decodeRemoteWriteWithLibrary(body: Uint8Array, attrs: AttributeCollector): RemoteWriteRows {
  const out: RemoteWriteRows = { rows: [], series: 0, staleMarkers: 0 };
  for (const ts of fromBinary(WriteRequestSchema, body).timeseries) {
    out.series++;
    const samples = ts.samples.map((s) => {
      doubleBits.setFloat64(0, s.value, true);
      const stale = doubleBits.getBigUint64(0, true) === STALE_NAN_BITS;
      return { value: s.value, stale, ms: checkSampleMillis(s.timestamp) };
    });
    seriesRows(
      ts.labels.map((l): [string, string] => [l.name, l.value]),
      samples,
      attrs,
      out,
    );
  }
  return out;
}
