import { asciiPiece, type ByteWriter } from './byte-writer.ts';
import { writeDateTime64, writeDigits, writeHex, writeJsonString } from './line-values.ts';
import { BODY_FALSE, BODY_INT, BODY_STRING, BODY_TRUE, type LogScan } from './log-scan.ts';
import type { ResourceModel, ScopeModel } from './otlp-model.ts';

// The fixed text of an otel_logs row, in `logRows`' column order: the line written here is the one
// JSON.stringify writes for that row, byte for byte (log-lines.test.ts holds them equal).
const TIMESTAMP = asciiPiece('{"Timestamp":"');
const TRACE_ID = asciiPiece('","TraceId":"');
const SPAN_ID = asciiPiece('","SpanId":"');
const TRACE_FLAGS = asciiPiece('","TraceFlags":');
const SEVERITY_TEXT = asciiPiece(',"SeverityText":');
const SEVERITY_NUMBER = asciiPiece(',"SeverityNumber":');
const EVENT_NAME = asciiPiece('},"EventName":');
const LINE_END = asciiPiece('}\n');
const TRUE = asciiPiece('"true"');
const FALSE = asciiPiece('"false"');
const EMPTY = asciiPiece('""');

/** Room a line needs beyond its record's bytes grown by MAX_ESCAPE_GROWTH, and its scope's columns. */
export const LOG_LINE_OVERHEAD =
  TIMESTAMP.length +
  TRACE_ID.length +
  SPAN_ID.length +
  TRACE_FLAGS.length +
  SEVERITY_TEXT.length +
  SEVERITY_NUMBER.length +
  EVENT_NAME.length +
  LINE_END.length +
  64;

/** What every record of one resource and scope shares: the columns around the body. */
export interface LogScopeColumns {
  /** ServiceName, then the key of Body. */
  beforeBody: Uint8Array;
  /** From ResourceSchemaUrl to the opening brace of LogAttributes. */
  afterBody: Uint8Array;
}

export function logScopeColumns(
  serviceName: string,
  resource: ResourceModel,
  scope: ScopeModel,
): LogScopeColumns {
  const utf8 = new TextEncoder();
  return {
    beforeBody: utf8.encode(`,"ServiceName":${JSON.stringify(serviceName)},"Body":`),
    afterBody: utf8.encode(
      `,"ResourceSchemaUrl":${JSON.stringify(resource.schemaUrl)},"ResourceAttributes":${JSON.stringify(resource.attributes)},"ScopeSchemaUrl":${JSON.stringify(scope.schemaUrl)},"ScopeName":${JSON.stringify(scope.name)},"ScopeVersion":${JSON.stringify(scope.version)},"ScopeAttributes":${JSON.stringify(scope.attributes)},"LogAttributes":{`,
    ),
  };
}

/** Writes the JSONEachRow line of a record `scan` has read (room reserved by the caller). */
export function writeLogLine(out: ByteWriter, scan: LogScan, shared: LogScopeColumns): void {
  const buf = scan.buf;
  out.piece(TIMESTAMP);
  writeDateTime64(out, scan.timeLo, scan.timeHi);
  out.piece(TRACE_ID);
  writeHex(out, buf, scan.traceId, scan.traceIdEnd);
  out.piece(SPAN_ID);
  writeHex(out, buf, scan.spanId, scan.spanIdEnd);
  // The exporter narrows both to UInt8, as logRows does.
  out.piece(TRACE_FLAGS);
  writeDigits(out, scan.flags & 0xff);
  out.piece(SEVERITY_TEXT);
  writeJsonString(out, buf, scan.severityText, scan.severityTextEnd);
  out.piece(SEVERITY_NUMBER);
  writeDigits(out, scan.severityNumber & 0xff);
  out.piece(shared.beforeBody);
  switch (scan.bodyKind) {
    case BODY_STRING:
      writeJsonString(out, buf, scan.body, scan.bodyEnd);
      break;
    case BODY_INT:
      out.byte(0x22);
      writeDigits(out, scan.body);
      out.byte(0x22);
      break;
    case BODY_TRUE:
      out.piece(TRUE);
      break;
    case BODY_FALSE:
      out.piece(FALSE);
      break;
    default:
      out.piece(EMPTY);
  }
  out.piece(shared.afterBody);
  scan.attributes.write(out, buf);
  out.piece(EVENT_NAME);
  writeJsonString(out, buf, scan.eventName, scan.eventNameEnd);
  out.piece(LINE_END);
}
