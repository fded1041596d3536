import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequestSchema } from '../protobuf/generated/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts';
import {
  type Span,
  type Span_SpanKind,
  SpanSchema,
  type Status_StatusCode,
} from '../protobuf/generated/opentelemetry/proto/trace/v1/trace_pb.ts';
import { commonTraceRequestBytes, traceRequestBytes } from '../protobuf/protobuf-arbitraries.ts';
import { bothPaths, DEFAULT_LIMITS, damaged, outcome, SMALL_LIMITS } from './direct-lines.test-support.ts';
import { decodeTracesProto } from './proto-traces.ts';
import { encodeTracesProto } from './span-lines.ts';
import { SpanScan } from './span-scan.ts';
import { spanRows } from './trace-log-rows.ts';

const { general, direct } = bothPaths(
  (bytes, attrs) => spanRows(decodeTracesProto(bytes, attrs)),
  encodeTracesProto,
);

const ids = {
  trace: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
  span: Uint8Array.from([0xca, 0xfe, 0, 0, 0, 0, 0, 7]),
  parent: Uint8Array.from([0xca, 0xfe, 0, 0, 0, 0, 0, 1]),
};

/** A span as an init object (not a message instance), so its fields can be spread. */
type SpanInit = Exclude<MessageInitShape<typeof SpanSchema>, Span>;

/** A server span as an HTTP SDK sends it, with `change` applied. */
function sdkSpan(change: Partial<SpanInit> = {}): SpanInit {
  return {
    traceId: ids.trace,
    spanId: ids.span,
    parentSpanId: ids.parent,
    name: 'GET /api/items/{id}',
    kind: 2,
    startTimeUnixNano: 1_796_000_000_999_999_999n,
    endTimeUnixNano: 1_796_000_001_012_345_677n,
    attributes: [
      { key: 'http.route', value: { value: { case: 'stringValue', value: '/api/items/{id}' } } },
      { key: 'http.response.status_code', value: { value: { case: 'intValue', value: 200n } } },
      { key: 'error', value: { value: { case: 'boolValue', value: false } } },
      { key: 'empty', value: {} },
    ],
    status: { code: 0 },
    ...change,
  };
}

function requestOf(span: SpanInit): Uint8Array {
  return toBinary(
    ExportTraceServiceRequestSchema,
    create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { value: { case: 'stringValue', value: 'items' } } }],
          },
          scopeSpans: [{ scope: { name: '@acme/http', version: '1.0.0' }, spans: [span] }],
        },
      ],
    }),
  );
}

/** Whether the scan takes `span` on the direct path. */
function direct_shape(span: SpanInit, limits = DEFAULT_LIMITS): boolean {
  const bytes = toBinary(SpanSchema, create(SpanSchema, span));
  return new SpanScan().read(bytes, 0, bytes.length, limits);
}

describe('otel_traces lines written straight from protobuf bytes', () => {
  it('writes an SDK span as the exact line the general path writes', () => {
    const bytes = requestOf(sdkSpan());
    expect(direct(bytes, DEFAULT_LIMITS).text).toBe(
      '{"Timestamp":"2026-11-30 00:53:20.999999999","TraceId":"0102030405060708090a0b0c0d0e0f10",' +
        '"SpanId":"cafe000000000007","ParentSpanId":"cafe000000000001","TraceState":"",' +
        '"SpanName":"GET /api/items/{id}","SpanKind":"Server","ServiceName":"items",' +
        '"ResourceAttributes":{"service.name":"items"},"ScopeName":"@acme/http","ScopeVersion":"1.0.0",' +
        '"SpanAttributes":{"http.route":"/api/items/{id}","http.response.status_code":"200","error":"false","empty":""},' +
        '"Duration":"12345678","StatusCode":"Unset","StatusMessage":"","Events.Timestamp":[],"Events.Name":[],' +
        '"Events.Attributes":[],"Links.TraceId":[],"Links.SpanId":[],"Links.TraceState":[],"Links.Attributes":[]}\n',
    );
    expect(direct(bytes, DEFAULT_LIMITS)).toEqual(general(bytes, DEFAULT_LIMITS));
  });

  it('takes the common span shape directly and leaves every other span to the general path', () => {
    expect(direct_shape(sdkSpan())).toBe(true);
    expect(
      direct_shape(
        sdkSpan({
          parentSpanId: new Uint8Array(),
          kind: 5,
          name: 'say "hi" \\ \t \u0001',
          status: { code: 2, message: 'x' },
        }),
      ),
    ).toBe(true);
    const leftToGeneral: Partial<SpanInit>[] = [
      { events: [{ name: 'exception' }] },
      { links: [{ traceId: ids.trace, spanId: ids.span }] },
      { name: 'café' },
      { status: { message: 'naïve' } },
      { traceId: ids.span },
      { traceId: new Uint8Array(16) },
      { spanId: new Uint8Array(8) },
      { parentSpanId: ids.trace },
      { startTimeUnixNano: 2n ** 63n },
      { kind: 6 as Span_SpanKind },
      { status: { code: 3 as Status_StatusCode } },
      { attributes: [...(sdkSpan().attributes ?? []), { key: 'http.route', value: {} }] },
      { attributes: [{ key: '42', value: {} }] },
      { attributes: [{ key: 'ratio', value: { value: { case: 'doubleValue', value: 0.5 } } }] },
      { attributes: [{ key: 'big', value: { value: { case: 'intValue', value: 2n ** 32n } } }] },
      { attributes: [{ key: 'negative', value: { value: { case: 'intValue', value: -1n } } }] },
    ];
    for (const change of leftToGeneral)
      expect(
        direct_shape(sdkSpan(change)),
        JSON.stringify(change, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
      ).toBe(false);
    // An unknown field whose five-byte key is field 0 in its low 32 bits, which the decoders refuse.
    const span = toBinary(SpanSchema, create(SpanSchema, sdkSpan()));
    const longKey = Uint8Array.from([...span, 0x82, 0x80, 0x80, 0x80, 0x10, 0x00]);
    expect(new SpanScan().read(longKey, 0, longKey.length, DEFAULT_LIMITS)).toBe(false);
    // A singular field sent twice (the decoders read both): the name, or an attribute's value.
    const secondName = Uint8Array.from([...span, 0x2a, 0x01, 0x78]);
    expect(new SpanScan().read(secondName, 0, secondName.length, DEFAULT_LIMITS)).toBe(false);
    const keyValue = [0x0a, 0x01, 0x6b, 0x12, 0x02, 0x0a, 0x00, 0x12, 0x02, 0x0a, 0x00];
    const twoValues = Uint8Array.from([...span, 0x4a, keyValue.length, ...keyValue]);
    expect(new SpanScan().read(twoValues, 0, twoValues.length, DEFAULT_LIMITS)).toBe(false);
    const oneValue = Uint8Array.from([...span, 0x4a, keyValue.length - 4, ...keyValue.slice(0, -4)]);
    expect(new SpanScan().read(oneValue, 0, oneValue.length, DEFAULT_LIMITS)).toBe(true);
    // Limits: one attribute more than allowed, one value longer.
    expect(direct_shape(sdkSpan(), { maxAttributes: 3, maxValueLength: 100 })).toBe(false);
    expect(direct_shape(sdkSpan(), { maxAttributes: 4, maxValueLength: 14 })).toBe(false);
    expect(direct_shape(sdkSpan(), { maxAttributes: 4, maxValueLength: 15 })).toBe(true);
  });

  for (const [name, limits] of [
    ['small', SMALL_LIMITS],
    ['default', DEFAULT_LIMITS],
  ] as const) {
    it(`gives the general path's text, counts, reasons and statistics for spans as SDKs send them and their near misses (${name} limits)`, () => {
      fc.assert(
        fc.property(commonTraceRequestBytes, (bytes) => {
          expect(direct(bytes, limits)).toEqual(general(bytes, limits));
        }),
        { numRuns: 500 },
      );
    });

    it(`gives the general path's text for any valid request (${name} limits)`, () => {
      fc.assert(
        fc.property(traceRequestBytes, (bytes) => {
          expect(direct(bytes, limits)).toEqual(general(bytes, limits));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses a damaged request with the error the general decoder gives, naming the same field', () => {
    fc.assert(
      fc.property(damaged(commonTraceRequestBytes), (bytes) => {
        expect(outcome(() => direct(bytes, DEFAULT_LIMITS))).toEqual(
          outcome(() => general(bytes, DEFAULT_LIMITS)),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
