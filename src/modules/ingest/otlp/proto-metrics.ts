import {
  expectWire,
  fieldOf,
  type ProtoReader,
  WIRE_BYTES,
  WIRE_VARINT,
  within,
} from '../protobuf/proto-reader.ts';
import type {
  AttributeCollector,
  ExponentialHistogramPointModel,
  HistogramPointModel,
  MetricData,
  MetricModel,
  MetricsRequest,
  NumberPointModel,
  SummaryPointModel,
} from './otlp-model.ts';
import { readEnvelope } from './proto-common.ts';
import { readPoint } from './proto-metric-points.ts';

/** Decodes an `ExportMetricsServiceRequest`; throws `DecodeError` naming the field on malformed input. */
export function decodeMetricsProto(body: Uint8Array, attrs: AttributeCollector): MetricsRequest {
  return readEnvelope(
    body,
    { resources: 'resourceMetrics', scopes: 'scopeMetrics', records: 'metrics' },
    attrs,
    (r) => readMetric(r, attrs),
  );
}

const DATA_FIELDS: Record<number, MetricData['type']> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponentialHistogram',
  11: 'summary',
};

function readMetric(r: ProtoReader, attrs: AttributeCollector): MetricModel {
  const metric: MetricModel = { name: '', description: '', unit: '', data: { type: 'empty', points: [] } };
  while (r.more()) {
    const key = r.key();
    const field = fieldOf(key);
    const type = DATA_FIELDS[field];
    if (field === 1 || field === 2 || field === 3) {
      const name = field === 1 ? 'name' : field === 2 ? 'description' : 'unit';
      expectWire(key, WIRE_BYTES, name);
      metric[name] = r.string();
    } else if (type !== undefined) {
      expectWire(key, WIRE_BYTES, type);
      metric.data = within(type, () => readData(type, r.message(), attrs));
    } else r.skip(key & 7);
  }
  return metric;
}

function readData(type: MetricData['type'], r: ProtoReader, attrs: AttributeCollector): MetricData {
  const points: unknown[] = [];
  let temporality = 0;
  let isMonotonic = false;
  while (r.more()) {
    const key = r.key();
    const field = fieldOf(key);
    if (field === 1) {
      expectWire(key, WIRE_BYTES, 'dataPoints');
      const i = points.length;
      points.push(within(`dataPoints[${i}]`, () => readPoint(type, r.message(), attrs)));
    } else if (field === 2 && type !== 'gauge' && type !== 'summary') {
      expectWire(key, WIRE_VARINT, 'aggregationTemporality');
      temporality = r.int32();
    } else if (field === 3 && type === 'sum') {
      expectWire(key, WIRE_VARINT, 'isMonotonic');
      isMonotonic = r.bool();
    } else r.skip(key & 7);
  }
  // Each readPoint branch builds the point type that belongs to `type`, so the casts pair up.
  switch (type) {
    case 'gauge':
      return { type, points: points as NumberPointModel[] };
    case 'sum':
      return { type, points: points as NumberPointModel[], temporality, isMonotonic };
    case 'histogram':
      return { type, points: points as HistogramPointModel[], temporality };
    case 'exponentialHistogram':
      return { type, points: points as ExponentialHistogramPointModel[], temporality };
    case 'summary':
      return { type, points: points as SummaryPointModel[] };
    case 'empty':
      return { type, points: [] };
  }
}
