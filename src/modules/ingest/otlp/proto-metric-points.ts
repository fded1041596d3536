import {
  DecodeError,
  expectWire,
  fieldOf,
  type ProtoReader,
  WIRE_BYTES,
  WIRE_FIXED64,
  WIRE_VARINT,
  within,
} from '../protobuf/proto-reader.ts';
import type {
  AttributeCollector,
  ExemplarModel,
  ExponentialHistogramPointModel,
  HistogramPointModel,
  MetricData,
  NumberPointModel,
  SummaryPointModel,
} from './otlp-model.ts';
import { AttributeReader, readId } from './proto-common.ts';

/** Data point decoders for proto-metrics.ts, one per OTLP point type, and their shared fields. */
interface PointFields {
  attributes: AttributeReader;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

/** Decodes one data point of a metric of `type` (Number, Histogram, ExponentialHistogram or Summary). */
export function readPoint(type: MetricData['type'], r: ProtoReader, attrs: AttributeCollector): unknown {
  switch (type) {
    case 'gauge':
    case 'sum':
      return readNumberPoint(r, attrs);
    case 'histogram':
      return readHistogramPoint(r, attrs);
    case 'exponentialHistogram':
      return readExponentialPoint(r, attrs);
    case 'summary':
      return readSummaryPoint(r, attrs);
    case 'empty':
      throw new DecodeError('a metric without data has no data points');
  }
}

/** Fields at the same number in Number, Histogram and Summary points (2, 3, flags, attributes). */
function readCommon(
  r: ProtoReader,
  key: number,
  p: PointFields,
  attributesField: number,
  flagsField: number,
): boolean {
  const field = fieldOf(key);
  if (field === attributesField) p.attributes.read(r, key);
  else if (field === 2) {
    expectWire(key, WIRE_FIXED64, 'startTimeUnixNano');
    p.startTimeUnixNano = r.fixed64();
  } else if (field === 3) {
    expectWire(key, WIRE_FIXED64, 'timeUnixNano');
    p.timeUnixNano = r.fixed64();
  } else if (field === flagsField) {
    expectWire(key, WIRE_VARINT, 'flags');
    p.flags = r.varint32();
  } else return false;
  return true;
}

function commonFields(attrs: AttributeCollector): PointFields {
  return {
    attributes: new AttributeReader('attributes', attrs),
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    flags: 0,
  };
}

function readNumberPoint(r: ProtoReader, attrs: AttributeCollector): NumberPointModel {
  const p = commonFields(attrs);
  let value = 0;
  const exemplars: ExemplarModel[] = [];
  while (r.more()) {
    const key = r.key();
    if (readCommon(r, key, p, 7, 8)) continue;
    switch (fieldOf(key)) {
      case 4:
        expectWire(key, WIRE_FIXED64, 'asDouble');
        value = r.double();
        break;
      case 6:
        expectWire(key, WIRE_FIXED64, 'asInt');
        value = Number(r.sfixed64());
        break;
      case 5:
        readExemplarField(r, key, exemplars, attrs);
        break;
      default:
        r.skip(key & 7);
    }
  }
  return { ...finish(p), value, exemplars };
}

function readHistogramPoint(r: ProtoReader, attrs: AttributeCollector): HistogramPointModel {
  const p = commonFields(attrs);
  const point = {
    count: 0n,
    sum: 0,
    bucketCounts: [] as bigint[],
    explicitBounds: [] as number[],
    min: 0,
    max: 0,
  };
  const exemplars: ExemplarModel[] = [];
  while (r.more()) {
    const key = r.key();
    if (readCommon(r, key, p, 9, 10)) continue;
    switch (fieldOf(key)) {
      case 4:
        expectWire(key, WIRE_FIXED64, 'count');
        point.count = r.fixed64();
        break;
      case 5:
        expectWire(key, WIRE_FIXED64, 'sum');
        point.sum = r.double();
        break;
      case 6:
        readPacked(r, key, 'bucketCounts', WIRE_FIXED64, () => point.bucketCounts.push(r.fixed64()));
        break;
      case 7:
        readPacked(r, key, 'explicitBounds', WIRE_FIXED64, () => point.explicitBounds.push(r.double()));
        break;
      case 8:
        readExemplarField(r, key, exemplars, attrs);
        break;
      case 11:
        expectWire(key, WIRE_FIXED64, 'min');
        point.min = r.double();
        break;
      case 12:
        expectWire(key, WIRE_FIXED64, 'max');
        point.max = r.double();
        break;
      default:
        r.skip(key & 7);
    }
  }
  return { ...finish(p), ...point, exemplars };
}

function readExponentialPoint(r: ProtoReader, attrs: AttributeCollector): ExponentialHistogramPointModel {
  const p = commonFields(attrs);
  const none: bigint[] = [];
  const point = {
    count: 0n,
    sum: 0,
    scale: 0,
    zeroCount: 0n,
    positiveOffset: 0,
    positiveBucketCounts: none,
    negativeOffset: 0,
    negativeBucketCounts: none,
    min: 0,
    max: 0,
  };
  const exemplars: ExemplarModel[] = [];
  while (r.more()) {
    const key = r.key();
    // Exponential histogram points number their fields differently: attributes 1, flags 10.
    if (readCommon(r, key, p, 1, 10)) continue;
    switch (fieldOf(key)) {
      case 4:
        expectWire(key, WIRE_FIXED64, 'count');
        point.count = r.fixed64();
        break;
      case 5:
        expectWire(key, WIRE_FIXED64, 'sum');
        point.sum = r.double();
        break;
      case 6:
        expectWire(key, WIRE_VARINT, 'scale');
        point.scale = r.sint32();
        break;
      case 7:
        expectWire(key, WIRE_FIXED64, 'zeroCount');
        point.zeroCount = r.fixed64();
        break;
      case 8:
      case 9: {
        const positive = fieldOf(key) === 8;
        const name = positive ? 'positive' : 'negative';
        expectWire(key, WIRE_BYTES, name);
        const b = within(name, () => readBuckets(r.message()));
        if (positive) {
          point.positiveOffset = b.offset;
          point.positiveBucketCounts = b.counts;
        } else {
          point.negativeOffset = b.offset;
          point.negativeBucketCounts = b.counts;
        }
        break;
      }
      case 11:
        readExemplarField(r, key, exemplars, attrs);
        break;
      case 12:
        expectWire(key, WIRE_FIXED64, 'min');
        point.min = r.double();
        break;
      case 13:
        expectWire(key, WIRE_FIXED64, 'max');
        point.max = r.double();
        break;
      default:
        r.skip(key & 7);
    }
  }
  return { ...finish(p), ...point, exemplars };
}

function readBuckets(r: ProtoReader): { offset: number; counts: bigint[] } {
  const counts: bigint[] = [];
  const out = { offset: 0, counts };
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1) {
      expectWire(key, WIRE_VARINT, 'offset');
      out.offset = r.sint32();
    } else if (fieldOf(key) === 2) {
      readPacked(r, key, 'bucketCounts', WIRE_VARINT, () => out.counts.push(r.varint64()));
    } else r.skip(key & 7);
  }
  return out;
}

function readSummaryPoint(r: ProtoReader, attrs: AttributeCollector): SummaryPointModel {
  const p = commonFields(attrs);
  const quantiles: number[] = [];
  const values: number[] = [];
  const point = { count: 0n, sum: 0, quantiles, values };
  while (r.more()) {
    const key = r.key();
    if (readCommon(r, key, p, 7, 8)) continue;
    switch (fieldOf(key)) {
      case 4:
        expectWire(key, WIRE_FIXED64, 'count');
        point.count = r.fixed64();
        break;
      case 5:
        expectWire(key, WIRE_FIXED64, 'sum');
        point.sum = r.double();
        break;
      case 6: {
        expectWire(key, WIRE_BYTES, 'quantileValues');
        const q = r.message();
        let quantile = 0;
        let value = 0;
        while (q.more()) {
          const k = q.key();
          if (fieldOf(k) === 1 && (k & 7) === WIRE_FIXED64) quantile = q.double();
          else if (fieldOf(k) === 2 && (k & 7) === WIRE_FIXED64) value = q.double();
          else q.skip(k & 7);
        }
        point.quantiles.push(quantile);
        point.values.push(value);
        break;
      }
      default:
        r.skip(key & 7);
    }
  }
  return { ...finish(p), ...point };
}

function readExemplarField(
  r: ProtoReader,
  key: number,
  out: ExemplarModel[],
  attrs: AttributeCollector,
): void {
  expectWire(key, WIRE_BYTES, 'exemplars');
  const i = out.length;
  out.push(within(`exemplars[${i}]`, () => readExemplar(r.message(), attrs)));
}

function readExemplar(r: ProtoReader, attrs: AttributeCollector): ExemplarModel {
  const ex: ExemplarModel = {
    filteredAttributes: attrs.create(),
    timeUnixNano: 0n,
    value: 0,
    spanId: '',
    traceId: '',
  };
  const attributes = new AttributeReader('filteredAttributes', attrs);
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 7:
        attributes.read(r, key);
        break;
      case 2:
        expectWire(key, WIRE_FIXED64, 'timeUnixNano');
        ex.timeUnixNano = r.fixed64();
        break;
      case 3:
        expectWire(key, WIRE_FIXED64, 'asDouble');
        ex.value = r.double();
        break;
      case 6:
        expectWire(key, WIRE_FIXED64, 'asInt');
        ex.value = Number(r.sfixed64());
        break;
      case 4:
        ex.spanId = readId(r, key, 'spanId');
        break;
      case 5:
        ex.traceId = readId(r, key, 'traceId');
        break;
      default:
        r.skip(key & 7);
    }
  }
  ex.filteredAttributes = attributes.target;
  return ex;
}

/** A repeated scalar field, packed (the proto3 default) or one element per key. */
function readPacked(
  r: ProtoReader,
  key: number,
  name: string,
  elementWire: number,
  readOne: () => void,
): void {
  if ((key & 7) === WIRE_BYTES) {
    const n = r.length();
    const end = r.pos + n;
    // The element readers read through `r` itself, from the start of the packed run to its end.
    while (r.pos < end) readOne();
    if (r.pos !== end) throw new DecodeError('packed elements overrun the field length', name);
    return;
  }
  expectWire(key, elementWire, name);
  readOne();
}

function finish(p: PointFields): {
  attributes: Record<string, string>;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
} {
  return {
    attributes: p.attributes.target,
    startTimeUnixNano: p.startTimeUnixNano,
    timeUnixNano: p.timeUnixNano,
    flags: p.flags,
  };
}
