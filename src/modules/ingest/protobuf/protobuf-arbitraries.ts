/**
 * fast-check arbitraries for valid OTLP and remote-write requests, built as protobuf-es messages
 * from the generated schemas and encoded by the library (`toBinary`). Shared by the differential
 * test and the ingest benchmark's decoder comparison.
 */
import { create, type MessageInitShape, toBinary, type UnknownEnum } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { STALE_NAN_BITS } from '../remote-write/remote-write-decode.ts';
import { ExportLogsServiceRequestSchema } from './generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import { ExportMetricsServiceRequestSchema } from './generated/opentelemetry/proto/collector/metrics/v1/metrics_service_pb.ts';
import { ExportTraceServiceRequestSchema } from './generated/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts';
import type {
  AnyValueSchema,
  InstrumentationScopeSchema,
  KeyValueSchema,
} from './generated/opentelemetry/proto/common/v1/common_pb.ts';
import type { ExemplarSchema, MetricSchema } from './generated/opentelemetry/proto/metrics/v1/metrics_pb.ts';
import type { SpanSchema } from './generated/opentelemetry/proto/trace/v1/trace_pb.ts';
import { WriteRequestSchema } from './generated/prometheus/remote_pb.ts';

type AnyValueInit = MessageInitShape<typeof AnyValueSchema>;
type KeyValueInit = MessageInitShape<typeof KeyValueSchema>;

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 24 }));
const key = fc.oneof(
  fc.constantFrom('service.name', 'http.route', 'k', '__proto__'),
  fc.string({ maxLength: 6 }),
);
/** Ids of the right length mostly, of a wrong one sometimes (those records are rejected). */
const id = (bytes: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ minLength: bytes, maxLength: bytes }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) },
  );
/** Unix nanoseconds: storable mostly, past 2262 sometimes (rejected). */
const nanos = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
);
const double = fc.double();
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint32 = fc.nat({ max: 2 ** 32 - 1 });
/** Any value of an open enum, named or not: OTLP's enums are open, so unnamed numbers are valid too. */
const openEnum = (min: number, max: number) =>
  // UnknownEnum is a branded number: protobuf-es accepts any int32 for an open enum field.
  fc.integer({ min, max }).map((n) => n as UnknownEnum);

const { anyValue } = fc.letrec<{ anyValue: AnyValueInit; keyValue: KeyValueInit }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({}),
    text.map((value) => ({ value: { case: 'stringValue' as const, value } })),
    fc.boolean().map((value) => ({ value: { case: 'boolValue' as const, value } })),
    int64.map((value) => ({ value: { case: 'intValue' as const, value } })),
    double.map((value) => ({ value: { case: 'doubleValue' as const, value } })),
    fc.uint8Array({ maxLength: 6 }).map((value) => ({ value: { case: 'bytesValue' as const, value } })),
    fc
      .array(tie('anyValue'), { maxLength: 3 })
      .map((values) => ({ value: { case: 'arrayValue' as const, value: { values } } })),
    fc
      .array(tie('keyValue'), { maxLength: 3 })
      .map((values) => ({ value: { case: 'kvlistValue' as const, value: { values } } })),
  ),
  keyValue: fc.record({ key, value: tie('anyValue') }, { requiredKeys: ['key'] }),
}));

const attributes = fc.array(
  fc.record({ key, value: anyValue as fc.Arbitrary<AnyValueInit> }, { requiredKeys: ['key'] }),
  { maxLength: 6 },
);

const scope: fc.Arbitrary<MessageInitShape<typeof InstrumentationScopeSchema>> = fc.record({
  name: text,
  version: text,
  attributes,
  droppedAttributesCount: uint32,
});

/** resource → scopes → records, as every signal nests them. */
function envelope<R>(records: fc.Arbitrary<R>) {
  return fc.array(
    fc.record(
      {
        resource: fc.record({ attributes }),
        schemaUrl: text,
        scopes: fc.array(
          fc.record(
            { scope, schemaUrl: text, records: fc.array(records, { maxLength: 4 }) },
            {
              requiredKeys: ['schemaUrl', 'records'],
            },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['schemaUrl', 'scopes'] },
    ),
    { maxLength: 3 },
  );
}

const span = fc.record({
  traceId: id(16),
  spanId: id(8),
  parentSpanId: fc.oneof(fc.constant(new Uint8Array()), id(8)),
  traceState: text,
  name: text,
  kind: openEnum(-1, 7),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  events: fc.array(fc.record({ timeUnixNano: nanos, name: text, attributes }), { maxLength: 2 }),
  links: fc.array(fc.record({ traceId: id(16), spanId: id(8), traceState: text, attributes }), {
    maxLength: 2,
  }),
  status: fc.option(fc.record({ code: openEnum(0, 3), message: text }), { nil: undefined }),
});

/** ExportTraceServiceRequest bytes. */
export const traceRequestBytes: fc.Arbitrary<Uint8Array> = traceRequestOf(span);

/** ExportTraceServiceRequest bytes of `spans` in the common envelope. */
function traceRequestOf(spans: fc.Arbitrary<MessageInitShape<typeof SpanSchema>>): fc.Arbitrary<Uint8Array> {
  return envelope(spans).map((groups) =>
    toBinary(
      ExportTraceServiceRequestSchema,
      create(ExportTraceServiceRequestSchema, {
        resourceSpans: groups.map((g) => ({
          resource: g.resource,
          schemaUrl: g.schemaUrl,
          scopeSpans: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, spans: s.records })),
        })),
      }),
    ),
  );
}

/**
 * Spans as SDKs send them, the shape ingest writes without building rows (otlp/span-scan.ts), and
 * the near misses on each of its edges: ASCII with a quote, backslash or control character to
 * escape now and then and some text not ASCII, a key twice or of only digits, ints past 2^32 or
 * negative, times on and around second boundaries and past 2262, an end before the start, an
 * unknown kind, a rare event or link.
 */
const plain = fc.string({
  unit: fc.oneof(
    { weight: 400, arbitrary: fc.constantFrom(...'abcxyz/._-{} 019:'.split('')) },
    { weight: 4, arbitrary: fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u007f', 'é', '\u{1F600}') },
  ),
  maxLength: 20,
});
const commonKey = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('http.route', 'http.request.method', 'url.path', 'peer.service', 'k'),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '1', '007', '__proto__', 'a"b') },
);
const commonValue: fc.Arbitrary<AnyValueInit> = fc.oneof(
  { weight: 16, arbitrary: plain.map((value) => ({ value: { case: 'stringValue' as const, value } })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        { weight: 8, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 32n + 4n }) },
        { weight: 1, arbitrary: int64 },
      )
      .map((value) => ({ value: { case: 'intValue' as const, value } })),
  },
  { weight: 1, arbitrary: fc.boolean().map((value) => ({ value: { case: 'boolValue' as const, value } })) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: double.map((value) => ({ value: { case: 'doubleValue' as const, value } })) },
);
const commonAttribute = fc.record({ key: commonKey, value: commonValue });
/** Ids of the right length, of a wrong one or all zeros now and then. */
const commonId = (bytes: number) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.uint8Array({ minLength: bytes, maxLength: bytes }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(bytes)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) },
  );
const SECOND = 1_000_000_000n;
const commonNanos = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.bigInt({ min: 1_700_000_000n, max: 1_900_000_000n }),
        fc.bigInt({ min: 0n, max: SECOND - 1n }),
      )
      .map(([second, fraction]) => second * SECOND + fraction),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0n, SECOND - 1n, SECOND, 1_800_000_000n * SECOND - 1n, 2n ** 63n - 1n),
  },
  { weight: 1, arbitrary: nanos },
);
const commonSpan = fc.record({
  traceId: commonId(16),
  spanId: commonId(8),
  parentSpanId: fc.oneof(fc.constant(new Uint8Array()), commonId(8)),
  traceState: fc.oneof(fc.constant(''), plain),
  name: plain,
  kind: fc.oneof({ weight: 20, arbitrary: openEnum(0, 5) }, { weight: 1, arbitrary: openEnum(6, 9) }),
  startTimeUnixNano: commonNanos,
  endTimeUnixNano: commonNanos,
  attributes: fc.oneof(
    { weight: 10, arbitrary: fc.uniqueArray(commonAttribute, { maxLength: 6, selector: (a) => a.key }) },
    { weight: 1, arbitrary: fc.array(commonAttribute, { maxLength: 6 }) },
  ),
  events: fc.oneof(
    { weight: 20, arbitrary: fc.array(fc.record({ timeUnixNano: nanos, name: text }), { maxLength: 0 }) },
    { weight: 1, arbitrary: fc.array(fc.record({ timeUnixNano: nanos, name: text }), { maxLength: 1 }) },
  ),
  links: fc.oneof(
    { weight: 20, arbitrary: fc.array(fc.record({ traceId: id(16), spanId: id(8) }), { maxLength: 0 }) },
    { weight: 1, arbitrary: fc.array(fc.record({ traceId: id(16), spanId: id(8) }), { maxLength: 1 }) },
  ),
  status: fc.option(
    fc.record({
      code: fc.oneof({ weight: 20, arbitrary: openEnum(0, 2) }, { weight: 1, arbitrary: openEnum(3, 4) }),
      message: plain,
    }),
    { nil: undefined },
  ),
});

/** ExportTraceServiceRequest bytes of {@link commonSpan}s. */
export const commonTraceRequestBytes: fc.Arbitrary<Uint8Array> = traceRequestOf(commonSpan);

/** Log records as SDKs send them, and the near misses on each edge of the direct shape (log-scan.ts). */
const commonLogRecord = fc.record({
  timeUnixNano: fc.oneof(fc.constant(0n), commonNanos),
  observedTimeUnixNano: commonNanos,
  severityNumber: fc.oneof(
    { weight: 20, arbitrary: openEnum(0, 24) },
    { weight: 1, arbitrary: openEnum(-3, 300) },
  ),
  severityText: fc.constantFrom('', 'INFO', 'ERROR', 'warn'),
  body: fc.option(
    fc.oneof(
      { weight: 20, arbitrary: commonValue },
      { weight: 1, arbitrary: anyValue as fc.Arbitrary<AnyValueInit> },
    ),
    { nil: undefined },
  ),
  attributes: fc.oneof(
    { weight: 10, arbitrary: fc.uniqueArray(commonAttribute, { maxLength: 6, selector: (a) => a.key }) },
    { weight: 1, arbitrary: fc.array(commonAttribute, { maxLength: 6 }) },
  ),
  flags: fc.oneof(fc.constant(0), fc.constant(1), uint32),
  traceId: fc.oneof(fc.constant(new Uint8Array()), commonId(16)),
  spanId: fc.oneof(fc.constant(new Uint8Array()), commonId(8)),
  eventName: fc.oneof(fc.constant(''), plain),
});

/** ExportLogsServiceRequest bytes of {@link commonLogRecord}s, in resources and scopes as SDKs send them. */
export const commonLogRequestBytes: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.record({
      resource: fc.record({
        attributes: fc.oneof(
          { weight: 6, arbitrary: fc.uniqueArray(commonAttribute, { maxLength: 4, selector: (a) => a.key }) },
          { weight: 1, arbitrary: attributes },
        ),
      }),
      schemaUrl: fc.constantFrom('', 'https://opentelemetry.io/schemas/1.24.0'),
      scopes: fc.array(
        fc.record({
          scope: fc.record({ name: plain, version: fc.constantFrom('', '1.0.0') }),
          schemaUrl: fc.constantFrom('', 'https://opentelemetry.io/schemas/1.24.0'),
          records: fc.array(commonLogRecord, { maxLength: 4 }),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  )
  .map((groups) =>
    toBinary(
      ExportLogsServiceRequestSchema,
      create(ExportLogsServiceRequestSchema, {
        resourceLogs: groups.map((g) => ({
          resource: g.resource,
          schemaUrl: g.schemaUrl,
          scopeLogs: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, logRecords: s.records })),
        })),
      }),
    ),
  );

const logRecord = fc.record({
  timeUnixNano: nanos,
  observedTimeUnixNano: nanos,
  severityNumber: openEnum(0, 300),
  severityText: text,
  body: fc.option(anyValue as fc.Arbitrary<AnyValueInit>, { nil: undefined }),
  attributes,
  flags: uint32,
  traceId: fc.oneof(fc.constant(new Uint8Array()), id(16)),
  spanId: fc.oneof(fc.constant(new Uint8Array()), id(8)),
  eventName: text,
});

/** ExportLogsServiceRequest bytes. */
export const logRequestBytes: fc.Arbitrary<Uint8Array> = envelope(logRecord).map((groups) =>
  toBinary(
    ExportLogsServiceRequestSchema,
    create(ExportLogsServiceRequestSchema, {
      resourceLogs: groups.map((g) => ({
        resource: g.resource,
        schemaUrl: g.schemaUrl,
        scopeLogs: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, logRecords: s.records })),
      })),
    }),
  ),
);

const numberValue = fc.oneof(
  fc.constant({ case: undefined }),
  double.map((value) => ({ case: 'asDouble' as const, value })),
  int64.map((value) => ({ case: 'asInt' as const, value })),
);
const exemplar: fc.Arbitrary<MessageInitShape<typeof ExemplarSchema>> = fc.record({
  filteredAttributes: attributes,
  timeUnixNano: nanos,
  value: numberValue,
  spanId: fc.oneof(fc.constant(new Uint8Array()), id(8)),
  traceId: fc.oneof(fc.constant(new Uint8Array()), id(16)),
});
const pointBase = {
  attributes,
  startTimeUnixNano: nanos,
  timeUnixNano: nanos,
  flags: uint32,
};
const numberPoint = fc.record({
  ...pointBase,
  value: numberValue,
  exemplars: fc.array(exemplar, { maxLength: 2 }),
});
const temporality = openEnum(0, 3);
const optionalDouble = fc.option(double, { nil: undefined });
const buckets = fc.option(fc.record({ offset: int32, bucketCounts: fc.array(uint64, { maxLength: 4 }) }), {
  nil: undefined,
});

const metricData: fc.Arbitrary<MessageInitShape<typeof MetricSchema>['data']> = fc.oneof(
  fc.constant(undefined),
  fc
    .array(numberPoint, { maxLength: 3 })
    .map((dataPoints) => ({ case: 'gauge' as const, value: { dataPoints } })),
  fc
    .record({
      dataPoints: fc.array(numberPoint, { maxLength: 3 }),
      aggregationTemporality: temporality,
      isMonotonic: fc.boolean(),
    })
    .map((value) => ({ case: 'sum' as const, value })),
  fc
    .record({
      aggregationTemporality: temporality,
      dataPoints: fc.array(
        fc.record({
          ...pointBase,
          count: uint64,
          sum: optionalDouble,
          bucketCounts: fc.array(uint64, { maxLength: 4 }),
          explicitBounds: fc.array(double, { maxLength: 4 }),
          exemplars: fc.array(exemplar, { maxLength: 2 }),
          min: optionalDouble,
          max: optionalDouble,
        }),
        { maxLength: 3 },
      ),
    })
    .map((value) => ({ case: 'histogram' as const, value })),
  fc
    .record({
      aggregationTemporality: temporality,
      dataPoints: fc.array(
        fc.record(
          {
            ...pointBase,
            count: uint64,
            sum: optionalDouble,
            scale: int32,
            zeroCount: uint64,
            positive: buckets,
            negative: buckets,
            exemplars: fc.array(exemplar, { maxLength: 2 }),
            min: optionalDouble,
            max: optionalDouble,
          },
          { requiredKeys: ['attributes', 'startTimeUnixNano', 'timeUnixNano', 'flags', 'count', 'scale'] },
        ),
        { maxLength: 3 },
      ),
    })
    .map((value) => ({ case: 'exponentialHistogram' as const, value })),
  fc
    .record({
      dataPoints: fc.array(
        fc.record({
          ...pointBase,
          count: uint64,
          sum: double,
          quantileValues: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    })
    .map((value) => ({ case: 'summary' as const, value })),
);

const metric = fc.record({ name: text, description: text, unit: text, data: metricData });

/** ExportMetricsServiceRequest bytes. */
export const metricRequestBytes: fc.Arbitrary<Uint8Array> = envelope(metric).map((groups) =>
  toBinary(
    ExportMetricsServiceRequestSchema,
    create(ExportMetricsServiceRequestSchema, {
      resourceMetrics: groups.map((g) => ({
        resource: g.resource,
        schemaUrl: g.schemaUrl,
        scopeMetrics: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, metrics: s.records })),
      })),
    }),
  ),
);

const staleNaN = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, STALE_NAN_BITS, true);
  return view.getFloat64(0, true);
})();

const label = fc.record({ name: fc.constantFrom('service', 'job', 'instance', 'le', 'a'), value: text });

/** An inflated remote-write 1.0 `WriteRequest`: every series named, every time storable. */
export const remoteWriteBytes: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.record({
      labels: fc
        .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.array(label, { maxLength: 4 }))
        .map(([name, rest]) => [...rest, { name: '__name__', value: name }]),
      samples: fc.array(
        fc.record({
          value: fc.oneof({ weight: 5, arbitrary: double }, { weight: 1, arbitrary: fc.constant(staleNaN) }),
          timestamp: fc.bigInt({ min: 0n, max: 9_223_372_036_854n }),
        }),
        { maxLength: 4 },
      ),
    }),
    { maxLength: 4 },
  )
  .map((timeseries) => toBinary(WriteRequestSchema, create(WriteRequestSchema, { timeseries })));
