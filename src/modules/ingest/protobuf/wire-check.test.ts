import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttributeCollector } from '../otlp/otlp-model.ts';
import { decodeLogsProto } from '../otlp/proto-logs.ts';
import { ExportLogsServiceRequestSchema } from './generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import { ExportMetricsServiceRequestSchema } from './generated/opentelemetry/proto/collector/metrics/v1/metrics_service_pb.ts';
import { ExportTraceServiceRequestSchema } from './generated/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts';
import { DecodeError } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';
import { logRequestBytes, metricRequestBytes, traceRequestBytes } from './protobuf-arbitraries.ts';
import { checkWireFormat, MAX_MESSAGE_DEPTH } from './wire-check.ts';

const w = () => new ProtoWriter();
const stringValue = (text: string) => w().bytes(1, text);

/** An export with one resource, one scope and the given log records (already encoded). */
function logsRequest(...records: Uint8Array[]): Uint8Array {
  const scope = w();
  for (const record of records) scope.bytes(2, record);
  return w().message(1, w().message(2, scope)).finish();
}

/** Appends raw bytes to a message (a field the writer cannot express, such as a bad length). */
function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function refusal(body: Uint8Array): string {
  try {
    decodeLogsProto(body, new AttributeCollector({ maxAttributes: 128, maxValueLength: 4096 }));
  } catch (error) {
    if (error instanceof DecodeError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('the wire-format check names the field a sender got wrong', () => {
  const good = w().uint(2, 9).bytes(3, 'INFO').message(5, stringValue('ok')).finish();

  it('lets every valid request of each signal through', () => {
    for (const [schema, requests] of [
      [ExportTraceServiceRequestSchema, traceRequestBytes],
      [ExportLogsServiceRequestSchema, logRequestBytes],
      [ExportMetricsServiceRequestSchema, metricRequestBytes],
    ] as const) {
      fc.assert(
        fc.property(requests, (bytes) => checkWireFormat(schema, bytes)),
        { numRuns: 200 },
      );
    }
  });

  it('names the record, with its index, whose length runs past the end', () => {
    const body = logsRequest(good, good);
    // Cut the last byte: the second record (and every message around it) now runs short.
    expect(refusal(body.subarray(0, body.length - 1))).toBe(
      'resourceLogs[0]: length 34 runs past the end of the message (33 bytes left)',
    );
    // A record whose own length claims more than the scope holds.
    const scope = concat([0x12, 0x02, 0x10, 0x09], [0x12, 0x09, 0x10, 0x09]);
    expect(refusal(w().message(1, w().bytes(2, scope)).finish())).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[1]: length 9 runs past the end of the message (2 bytes left)',
    );
  });

  it('names a field sent with the wrong wire type', () => {
    const record = w().bytes(2, 'nine').finish();
    expect(refusal(logsRequest(good, good, record))).toBe(
      "resourceLogs[0].scopeLogs[0].logRecords[2].severityNumber: wire type 2 does not match the field's type (expected 0)",
    );
  });

  it('names a string that is not UTF-8, down to the attribute', () => {
    const attribute = (key: string, value: Uint8Array) => w().bytes(1, key).message(2, w().bytes(1, value));
    const record = w()
      .message(6, attribute('a', new TextEncoder().encode('fine')))
      .message(6, attribute('b', Uint8Array.of(0x66, 0xc3, 0x28)))
      .finish();
    expect(refusal(logsRequest(record))).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].attributes[1].value.stringValue: not valid UTF-8',
    );
  });

  it('refuses a field inside a record that overruns the record', () => {
    // The body claims 5 bytes; the record ends after 3 of them (fromBinary reads on into the scope).
    const record = concat([0x2a, 0x05, 0x0a, 0x03], [0x61]);
    const scope = concat([0x12, record.length], record, [0x1a, 0x01, 0x78]);
    expect(refusal(w().message(1, w().bytes(2, scope)).finish())).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].body: length 5 runs past the end of the message (3 bytes left)',
    );
  });

  it('refuses nesting deeper than the limit, naming the path to it', () => {
    let value = stringValue('deep');
    for (let i = 0; i < MAX_MESSAGE_DEPTH; i++) value = w().message(5, w().message(1, value));
    const message = refusal(logsRequest(w().message(5, value).finish()));
    expect(message).toMatch(
      /^resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.body\.arrayValue\.values\[0\]\.arrayValue\.values\[0\]\..*: messages nested more than 64 levels deep$/,
    );
  });

  it('decodes a valid record after the check', () => {
    const [group] = decodeLogsProto(
      logsRequest(good),
      new AttributeCollector({ maxAttributes: 128, maxValueLength: 4096 }),
    );
    expect(group?.scopes[0]?.records[0]).toMatchObject({
      severityNumber: 9,
      severityText: 'INFO',
      body: 'ok',
    });
  });
});
