import { uncompress } from 'snappyjs';
import { InputError, PayloadTooLargeError } from '../../../kernel/errors.ts';
import { JSON_READY } from '../../../stores/telemetry/index.ts';
import type { AttributeCollector } from '../otlp/otlp-model.ts';
import { float64, formatUnixMillis, formatUnixNanos } from '../otlp/row-values.ts';
import {
  DecodeError,
  expectWire,
  fieldOf,
  ProtoReader,
  WIRE_BYTES,
  WIRE_FIXED64,
  WIRE_VARINT,
  within,
} from '../protobuf/proto-reader.ts';

/** Prometheus' staleness marker: a NaN with this exact bit pattern (value/value.go StaleNaN). */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

/** Labels checked in order for the row's ServiceName. */
export const SERVICE_LABELS = ['service', 'service_name', 'job'] as const;

/** otel_metrics_gauge rows from one remote-write request, and how many stale markers were skipped. */
export interface RemoteWriteRows {
  rows: Record<string, unknown>[];
  series: number;
  staleMarkers: number;
}

/** Inflates a Snappy block (the remote-write 1.0 body), refusing more than `maxBytes` of output. */
export function inflateSnappy(body: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return uncompress(body, maxBytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('too big')) {
      throw new PayloadTooLargeError(
        `body: more than ${maxBytes} bytes after snappy decompression (server.maxBodyBytes)`,
      );
    }
    throw new InputError(`body: invalid snappy data (${message})`, 'body');
  }
}

const EPOCH = formatUnixNanos(0n);
/** Largest sample time DateTime64(9) can hold, in ms (see MAX_UNIX_NANOS). */
const MAX_MILLIS = 9_223_372_036_854;

/**
 * Decodes a `prometheus.WriteRequest` into otel_metrics_gauge rows: one row per sample, MetricName
 * from `__name__`, Attributes from the other labels, ServiceName from the first of
 * {@link SERVICE_LABELS} present. Stale markers end a series in Prometheus; they are not values, so
 * they are counted and skipped. Metadata and native histograms are ignored.
 */
export function decodeRemoteWrite(body: Uint8Array, attrs: AttributeCollector): RemoteWriteRows {
  const out: RemoteWriteRows = { rows: [], series: 0, staleMarkers: 0 };
  const top = new ProtoReader(body);
  try {
    while (top.more()) {
      const key = top.key();
      if (fieldOf(key) !== 1) {
        top.skip(key & 7);
        continue;
      }
      expectWire(key, WIRE_BYTES, 'timeseries');
      const index = out.series++;
      within(`timeseries[${index}]`, () => readSeries(top.message(), attrs, out));
    }
  } catch (error) {
    if (error instanceof DecodeError)
      throw new InputError(`Invalid remote-write request: ${error.message}`, error.path);
    throw error;
  }
  return out;
}

function readSeries(r: ProtoReader, attrs: AttributeCollector, out: RemoteWriteRows): void {
  const labels: [string, string][] = [];
  const samples: RemoteWriteSample[] = [];
  while (r.more()) {
    const key = r.key();
    const field = fieldOf(key);
    if (field === 1) {
      expectWire(key, WIRE_BYTES, 'labels');
      const i = labels.length;
      labels.push(within(`labels[${i}]`, () => readLabel(r.message())));
    } else if (field === 2) {
      expectWire(key, WIRE_BYTES, 'samples');
      const i = samples.length;
      samples.push(within(`samples[${i}]`, () => readSample(r.message())));
    } else r.skip(key & 7);
  }
  seriesRows(labels, samples, attrs, out);
}

/** One decoded sample: its value, whether it is a stale marker, its time in Unix ms. */
export interface RemoteWriteSample {
  value: number;
  stale: boolean;
  ms: number;
}

/**
 * Appends the rows of one series (its labels and samples as decoded) to `out`; throws DecodeError
 * when the series has no `__name__`.
 */
export function seriesRows(
  labels: [string, string][],
  samples: RemoteWriteSample[],
  attrs: AttributeCollector,
  out: RemoteWriteRows,
): void {
  const name = labels.find(([k]) => k === '__name__')?.[1];
  if (name === undefined || name === '') throw new DecodeError('missing the __name__ label', 'labels');
  const byName = new Map(labels);
  const service = SERVICE_LABELS.map((l) => byName.get(l)).find((v) => v !== undefined && v !== '') ?? '';
  const attributes = attrs.create();
  let count = 0;
  for (const [k, v] of labels) if (k !== '__name__') count = attrs.add(attributes, count, k, v);
  for (const sample of samples) {
    if (sample.stale) {
      out.staleMarkers++;
      continue;
    }
    out.rows.push({
      ResourceAttributes: attrs.create(),
      ServiceName: service,
      MetricName: name,
      Attributes: attributes,
      StartTimeUnix: EPOCH,
      TimeUnix: formatUnixMillis(sample.ms),
      Value: float64(sample.value),
      Flags: 0,
      [JSON_READY]: true,
    });
  }
}

/** A sample time in ms, or a DecodeError when DateTime64(9) cannot hold it. */
export function checkSampleMillis(t: bigint): number {
  if (t < 0n || t > BigInt(MAX_MILLIS))
    throw new DecodeError(`must be between 0 and ${MAX_MILLIS} ms, got ${t}`, 'timestamp');
  return Number(t);
}

function readLabel(r: ProtoReader): [string, string] {
  let name = '';
  let value = '';
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1) {
      expectWire(key, WIRE_BYTES, 'name');
      name = r.string();
    } else if (fieldOf(key) === 2) {
      expectWire(key, WIRE_BYTES, 'value');
      value = r.string();
    } else r.skip(key & 7);
  }
  return [name, value];
}

function readSample(r: ProtoReader): RemoteWriteSample {
  let value = 0;
  let stale = false;
  let ms = 0;
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1) {
      expectWire(key, WIRE_FIXED64, 'value');
      stale = r.doubleBits() === STALE_NAN_BITS;
      value = r.double();
    } else if (fieldOf(key) === 2) {
      expectWire(key, WIRE_VARINT, 'timestamp');
      ms = checkSampleMillis(BigInt.asIntN(64, r.varint64()));
    } else r.skip(key & 7);
  }
  return { value, stale, ms };
}
