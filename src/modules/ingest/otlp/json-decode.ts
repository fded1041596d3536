import { within } from '../protobuf/proto-reader.ts';
import { anyValueToString } from './any-value.ts';
import {
  anyValue,
  array,
  attributes,
  bool,
  double,
  envelope,
  hexId,
  int32,
  int64,
  type JsonObject,
  object,
  string,
  uint64,
} from './json-values.ts';
import type {
  AttributeCollector,
  ExemplarModel,
  LogsRequest,
  MetricData,
  MetricModel,
  MetricsRequest,
  SpanModel,
  TracesRequest,
} from './otlp-model.ts';

/** Decodes an OTLP/JSON `ExportTraceServiceRequest` (already parsed JSON). */
export function decodeTracesJson(body: unknown, attrs: AttributeCollector): TracesRequest {
  return envelope(body, { resources: 'resourceSpans', scopes: 'scopeSpans', records: 'spans' }, attrs, (s) =>
    readSpan(s, attrs),
  );
}

/** Decodes an OTLP/JSON `ExportLogsServiceRequest`. */
export function decodeLogsJson(body: unknown, attrs: AttributeCollector): LogsRequest {
  return envelope(
    body,
    { resources: 'resourceLogs', scopes: 'scopeLogs', records: 'logRecords' },
    attrs,
    (l) => ({
      timeUnixNano: uint64(l.timeUnixNano, 'timeUnixNano'),
      observedTimeUnixNano: uint64(l.observedTimeUnixNano, 'observedTimeUnixNano'),
      severityNumber: int32(l.severityNumber, 'severityNumber'),
      severityText: string(l.severityText, 'severityText'),
      body: l.body === undefined ? '' : anyValueToString(anyValue(l.body, 'body')),
      attributes: attributes(l.attributes, 'attributes', attrs),
      flags: int32(l.flags, 'flags'),
      traceId: hexId(l.traceId, 'traceId'),
      spanId: hexId(l.spanId, 'spanId'),
      eventName: string(l.eventName, 'eventName'),
    }),
  );
}

/** Decodes an OTLP/JSON `ExportMetricsServiceRequest`. */
export function decodeMetricsJson(body: unknown, attrs: AttributeCollector): MetricsRequest {
  return envelope(
    body,
    { resources: 'resourceMetrics', scopes: 'scopeMetrics', records: 'metrics' },
    attrs,
    (m) => readMetric(m, attrs),
  );
}

function readSpan(s: JsonObject, attrs: AttributeCollector): SpanModel {
  const status = object(s.status, 'status');
  return {
    traceId: hexId(s.traceId, 'traceId'),
    spanId: hexId(s.spanId, 'spanId'),
    parentSpanId: hexId(s.parentSpanId, 'parentSpanId'),
    traceState: string(s.traceState, 'traceState'),
    name: string(s.name, 'name'),
    kind: int32(s.kind, 'kind'),
    startTimeUnixNano: uint64(s.startTimeUnixNano, 'startTimeUnixNano'),
    endTimeUnixNano: uint64(s.endTimeUnixNano, 'endTimeUnixNano'),
    attributes: attributes(s.attributes, 'attributes', attrs),
    events: array(s.events, 'events', (item) => {
      const e = object(item, 'event');
      return {
        timeUnixNano: uint64(e.timeUnixNano, 'timeUnixNano'),
        name: string(e.name, 'name'),
        attributes: attributes(e.attributes, 'attributes', attrs),
      };
    }),
    links: array(s.links, 'links', (item) => {
      const l = object(item, 'link');
      return {
        traceId: hexId(l.traceId, 'traceId'),
        spanId: hexId(l.spanId, 'spanId'),
        traceState: string(l.traceState, 'traceState'),
        attributes: attributes(l.attributes, 'attributes', attrs),
      };
    }),
    statusCode: within('status', () => int32(status.code, 'code')),
    statusMessage: within('status', () => string(status.message, 'message')),
  };
}

const DATA_TYPES = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function readMetric(m: JsonObject, attrs: AttributeCollector): MetricModel {
  const metric: MetricModel = {
    name: string(m.name, 'name'),
    description: string(m.description, 'description'),
    unit: string(m.unit, 'unit'),
    data: { type: 'empty', points: [] },
  };
  for (const type of DATA_TYPES) {
    if (m[type] !== undefined && m[type] !== null) {
      metric.data = within(type, () => readData(type, object(m[type], type), attrs));
      break;
    }
  }
  return metric;
}

function readData(type: (typeof DATA_TYPES)[number], d: JsonObject, attrs: AttributeCollector): MetricData {
  const temporality = int32(d.aggregationTemporality, 'aggregationTemporality');
  const points = <T>(decode: (p: JsonObject) => T): T[] =>
    array(d.dataPoints, 'dataPoints', (item) => decode(object(item, 'dataPoint')));
  const base = (p: JsonObject) => ({
    attributes: attributes(p.attributes, 'attributes', attrs),
    startTimeUnixNano: uint64(p.startTimeUnixNano, 'startTimeUnixNano'),
    timeUnixNano: uint64(p.timeUnixNano, 'timeUnixNano'),
    flags: int32(p.flags, 'flags'),
  });
  const exemplars = (p: JsonObject) =>
    array(p.exemplars, 'exemplars', (e) => readExemplar(object(e, 'exemplar'), attrs));
  const numberPoint = (p: JsonObject) => ({ ...base(p), value: numberValue(p), exemplars: exemplars(p) });
  switch (type) {
    case 'gauge':
      return { type, points: points(numberPoint) };
    case 'sum':
      return {
        type,
        points: points(numberPoint),
        temporality,
        isMonotonic: bool(d.isMonotonic, 'isMonotonic'),
      };
    case 'histogram':
      return {
        type,
        temporality,
        points: points((p) => ({
          ...base(p),
          count: uint64(p.count, 'count'),
          sum: double(p.sum, 'sum'),
          bucketCounts: array(p.bucketCounts, 'bucketCounts', (c) => uint64(c, 'bucketCount')),
          explicitBounds: array(p.explicitBounds, 'explicitBounds', (b) => double(b, 'explicitBound')),
          exemplars: exemplars(p),
          min: double(p.min, 'min'),
          max: double(p.max, 'max'),
        })),
      };
    case 'exponentialHistogram':
      return {
        type,
        temporality,
        points: points((p) => {
          const pos = object(p.positive, 'positive');
          const neg = object(p.negative, 'negative');
          return {
            ...base(p),
            count: uint64(p.count, 'count'),
            sum: double(p.sum, 'sum'),
            scale: int32(p.scale, 'scale'),
            zeroCount: uint64(p.zeroCount, 'zeroCount'),
            positiveOffset: int32(pos.offset, 'positive.offset'),
            positiveBucketCounts: array(pos.bucketCounts, 'positive.bucketCounts', (c) =>
              uint64(c, 'bucketCount'),
            ),
            negativeOffset: int32(neg.offset, 'negative.offset'),
            negativeBucketCounts: array(neg.bucketCounts, 'negative.bucketCounts', (c) =>
              uint64(c, 'bucketCount'),
            ),
            exemplars: exemplars(p),
            min: double(p.min, 'min'),
            max: double(p.max, 'max'),
          };
        }),
      };
    case 'summary':
      return {
        type,
        points: points((p) => {
          const qs = array(p.quantileValues, 'quantileValues', (q) => object(q, 'quantileValue'));
          return {
            ...base(p),
            count: uint64(p.count, 'count'),
            sum: double(p.sum, 'sum'),
            quantiles: qs.map((q, i) => within(`quantileValues[${i}]`, () => double(q.quantile, 'quantile'))),
            values: qs.map((q, i) => within(`quantileValues[${i}]`, () => double(q.value, 'value'))),
          };
        }),
      };
  }
}

function numberValue(p: JsonObject): number {
  if (p.asDouble !== undefined) return double(p.asDouble, 'asDouble');
  if (p.asInt !== undefined) return Number(int64(p.asInt, 'asInt'));
  return 0;
}

function readExemplar(e: JsonObject, attrs: AttributeCollector): ExemplarModel {
  return {
    filteredAttributes: attributes(e.filteredAttributes, 'filteredAttributes', attrs),
    timeUnixNano: uint64(e.timeUnixNano, 'timeUnixNano'),
    value: numberValue(e),
    spanId: hexId(e.spanId, 'spanId'),
    traceId: hexId(e.traceId, 'traceId'),
  };
}
