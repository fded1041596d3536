import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportLogsServiceRequestSchema } from '../protobuf/generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import type { LogRecord } from '../protobuf/generated/opentelemetry/proto/logs/v1/logs_pb.ts';
import { commonLogRequestBytes, logRequestBytes } from '../protobuf/protobuf-arbitraries.ts';
import { bothPaths, DEFAULT_LIMITS, damaged, outcome, SMALL_LIMITS } from './direct-lines.test-support.ts';
import { encodeLogsProto } from './log-lines.ts';
import { decodeLogsProto } from './proto-logs.ts';
import { logRows } from './trace-log-rows.ts';

const { general, direct } = bothPaths(
  (bytes, attrs) => logRows(decodeLogsProto(bytes, attrs)),
  encodeLogsProto,
);

type LogInit = Partial<Omit<LogRecord, '$typeName' | 'body' | 'attributes'>> & {
  body?: { value: { case: 'stringValue'; value: string } | { case: 'intValue'; value: bigint } };
};

function requestOf(record: LogInit, serviceName = 'checkout'): Uint8Array {
  return toBinary(
    ExportLogsServiceRequestSchema,
    create(ExportLogsServiceRequestSchema, {
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { value: { case: 'stringValue', value: serviceName } } },
            ],
          },
          scopeLogs: [
            {
              scope: { name: 'app', version: '2.1.0' },
              logRecords: [
                {
                  attributes: [
                    { key: 'order.id', value: { value: { case: 'intValue', value: 4711n } } },
                    { key: 'retry', value: { value: { case: 'boolValue', value: true } } },
                  ],
                  ...record,
                },
              ],
            },
          ],
        },
      ],
    }),
  );
}

const sdkLog: LogInit = {
  timeUnixNano: 1_796_000_000_000_000_123n,
  observedTimeUnixNano: 1_796_000_000_500_000_000n,
  severityNumber: 17,
  severityText: 'ERROR',
  body: { value: { case: 'stringValue', value: 'payment "declined"\n\tcard 4242' } },
  traceId: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
  spanId: Uint8Array.from([0xca, 0xfe, 0, 0, 0, 0, 0, 7]),
  flags: 257,
  eventName: 'payment.declined',
};

describe('otel_logs lines written straight from protobuf bytes', () => {
  it('writes an SDK log record as the exact line the general path writes', () => {
    const bytes = requestOf(sdkLog);
    expect(direct(bytes, DEFAULT_LIMITS).text).toBe(
      '{"Timestamp":"2026-11-30 00:53:20.000000123","TraceId":"0102030405060708090a0b0c0d0e0f10",' +
        '"SpanId":"cafe000000000007","TraceFlags":1,"SeverityText":"ERROR","SeverityNumber":17,' +
        '"ServiceName":"checkout","Body":"payment \\"declined\\"\\n\\tcard 4242","ResourceSchemaUrl":"",' +
        '"ResourceAttributes":{"service.name":"checkout"},"ScopeSchemaUrl":"","ScopeName":"app",' +
        '"ScopeVersion":"2.1.0","ScopeAttributes":{},"LogAttributes":{"order.id":"4711","retry":"true"},' +
        '"EventName":"payment.declined"}\n',
    );
    expect(direct(bytes, DEFAULT_LIMITS)).toEqual(general(bytes, DEFAULT_LIMITS));
  });

  it('gives the general path its refusals: an id of a wrong length, a body that is not ASCII, an int body', () => {
    const refused = requestOf({ ...sdkLog, spanId: new Uint8Array(3) });
    expect(direct(refused, DEFAULT_LIMITS)).toEqual({
      text: '',
      rows: 0,
      rejected: 1,
      reasons: ['resourceLogs[0].scopeLogs[0].logRecords[0].spanId: must be empty or 8 bytes, got 3'],
      stats: { droppedAttributes: 0, truncatedValues: 0 },
    });
    for (const record of [
      {
        ...sdkLog,
        body: { value: { case: 'stringValue' as const, value: 'Zahlung abgelehnt: Überweisung' } },
      },
      { ...sdkLog, body: { value: { case: 'intValue' as const, value: 42n } }, timeUnixNano: 0n },
    ]) {
      const bytes = requestOf(record, 'kasse-ü');
      expect(direct(bytes, DEFAULT_LIMITS)).toEqual(general(bytes, DEFAULT_LIMITS));
    }
  });

  for (const [name, limits] of [
    ['small', SMALL_LIMITS],
    ['default', DEFAULT_LIMITS],
  ] as const) {
    it(`gives the general path's text, counts, reasons and statistics for logs as SDKs send them and their near misses (${name} limits)`, () => {
      fc.assert(
        fc.property(commonLogRequestBytes, (bytes) => {
          expect(outcome(() => direct(bytes, limits))).toEqual(outcome(() => general(bytes, limits)));
        }),
        { numRuns: 500 },
      );
    });

    it(`gives the general path's text for any valid request (${name} limits)`, () => {
      fc.assert(
        fc.property(logRequestBytes, (bytes) => {
          expect(outcome(() => direct(bytes, limits))).toEqual(outcome(() => general(bytes, limits)));
        }),
        { numRuns: 300 },
      );
    });
  }

  it("gives a damaged request the general path's outcome: the same error naming the same field, or the same rows", () => {
    fc.assert(
      fc.property(damaged(commonLogRequestBytes), (bytes) => {
        expect(outcome(() => direct(bytes, DEFAULT_LIMITS))).toEqual(
          outcome(() => general(bytes, DEFAULT_LIMITS)),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
