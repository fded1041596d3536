import { asciiPiece, type ByteWriter } from './byte-writer.ts';
import { nanos, writeDateTime64, writeDigits, writeHex, writeJsonString } from './line-values.ts';
import type { ResourceModel, ScopeModel } from './otlp-model.ts';
import type { SpanScan } from './span-scan.ts';
import { SPAN_KINDS, STATUS_CODES } from './trace-log-rows.ts';

// The fixed text of an otel_traces row, in `spanRow`'s column order: the line written here is the
// one JSON.stringify writes for that row, byte for byte (span-lines.test.ts holds them equal).
const TIMESTAMP = asciiPiece('{"Timestamp":"');
const TRACE_ID = asciiPiece('","TraceId":"');
const SPAN_ID = asciiPiece('","SpanId":"');
const PARENT_SPAN_ID = asciiPiece('","ParentSpanId":"');
const TRACE_STATE = asciiPiece('","TraceState":');
const SPAN_NAME = asciiPiece(',"SpanName":');
const SPAN_KIND = SPAN_KINDS.map((kind) => asciiPiece(`,"SpanKind":"${kind}"`));
const DURATION = asciiPiece('},"Duration":"');
const STATUS = STATUS_CODES.map((code) => asciiPiece(`","StatusCode":"${code}","StatusMessage":`));
const NO_EVENTS_OR_LINKS = asciiPiece(
  ',"Events.Timestamp":[],"Events.Name":[],"Events.Attributes":[],"Links.TraceId":[],"Links.SpanId":[],"Links.TraceState":[],"Links.Attributes":[]}\n',
);

/** Room a line needs beyond its span's bytes grown by MAX_ESCAPE_GROWTH (ids, times, numbers grow less). */
export const LINE_OVERHEAD =
  TIMESTAMP.length +
  TRACE_ID.length +
  SPAN_ID.length +
  PARENT_SPAN_ID.length +
  TRACE_STATE.length +
  SPAN_NAME.length +
  Math.max(...SPAN_KIND.map((piece) => piece.length)) +
  DURATION.length +
  Math.max(...STATUS.map((piece) => piece.length)) +
  NO_EVENTS_OR_LINKS.length +
  64;

/**
 * The columns every span of one resource and scope shares, from ServiceName to the opening brace
 * of SpanAttributes, written once per scope.
 */
export function scopeColumns(serviceName: string, resource: ResourceModel, scope: ScopeModel): Uint8Array {
  return new TextEncoder().encode(
    `,"ServiceName":${JSON.stringify(serviceName)},"ResourceAttributes":${JSON.stringify(resource.attributes)},"ScopeName":${JSON.stringify(scope.name)},"ScopeVersion":${JSON.stringify(scope.version)},"SpanAttributes":{`,
  );
}

/**
 * Writes the JSONEachRow line of a span `scan` has read (room reserved by the caller): ids as hex,
 * times as DateTime64(9) text, and strings from the request body, escaped as JSON.stringify does.
 */
export function writeSpanLine(out: ByteWriter, scan: SpanScan, shared: Uint8Array): void {
  const buf = scan.buf;
  out.piece(TIMESTAMP);
  writeDateTime64(out, scan.startLo, scan.startHi);
  out.piece(TRACE_ID);
  writeHex(out, buf, scan.traceId, scan.traceIdEnd);
  out.piece(SPAN_ID);
  writeHex(out, buf, scan.spanId, scan.spanIdEnd);
  out.piece(PARENT_SPAN_ID);
  writeHex(out, buf, scan.parentId, scan.parentIdEnd);
  out.piece(TRACE_STATE);
  writeJsonString(out, buf, scan.traceState, scan.traceStateEnd);
  out.piece(SPAN_NAME);
  writeJsonString(out, buf, scan.name, scan.nameEnd);
  out.piece(SPAN_KIND[scan.kind] as Uint8Array);
  out.piece(shared);
  scan.attributes.write(out, buf);
  out.piece(DURATION);
  writeDuration(out, scan);
  out.piece(STATUS[scan.statusCode] as Uint8Array);
  writeJsonString(out, buf, scan.statusMessage, scan.statusMessageEnd);
  out.piece(NO_EVENTS_OR_LINKS);
}

const TWO_32 = 4294967296;

/** Duration as `spanRow` writes it: end minus start in decimal, 0 when the end is not after the start. */
function writeDuration(out: ByteWriter, scan: SpanScan): void {
  const { startLo, startHi, endLo, endHi } = scan;
  if (endHi < startHi || (endHi === startHi && endLo <= startLo)) {
    out.byte(0x30);
    return;
  }
  // Below 2^20 high words the difference stays under 2^52, exact in a double.
  if (endHi - startHi < 1 << 20) writeDigits(out, (endHi - startHi) * TWO_32 + (endLo - startLo));
  else out.text(String(nanos(endLo, endHi) - nanos(startLo, startHi)));
}
