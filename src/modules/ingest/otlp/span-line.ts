import { asciiPiece, type ByteWriter } from './byte-writer.ts';
import type { ResourceModel, ScopeModel } from './otlp-model.ts';
import { secondText } from './row-values.ts';
import { type SpanScan, VALUE_EMPTY, VALUE_FALSE, VALUE_INT, VALUE_STRING, VALUE_TRUE } from './span-scan.ts';
import { SPAN_KINDS, STATUS_CODES } from './trace-log-rows.ts';

// The fixed text of an otel_traces row, in `spanRow`'s column order: the line written here is the
// one JSON.stringify writes for that row, byte for byte (span-lines.test.ts holds them equal).
const TIMESTAMP = asciiPiece('{"Timestamp":"');
const TRACE_ID = asciiPiece('","TraceId":"');
const SPAN_ID = asciiPiece('","SpanId":"');
const PARENT_SPAN_ID = asciiPiece('","ParentSpanId":"');
const TRACE_STATE = asciiPiece('","TraceState":"');
const SPAN_NAME = asciiPiece('","SpanName":"');
const SPAN_KIND = SPAN_KINDS.map((kind) => asciiPiece(`","SpanKind":"${kind}"`));
const DURATION = asciiPiece('},"Duration":"');
const STATUS = STATUS_CODES.map((code) => asciiPiece(`","StatusCode":"${code}","StatusMessage":"`));
const NO_EVENTS_OR_LINKS = asciiPiece(
  '","Events.Timestamp":[],"Events.Name":[],"Events.Attributes":[],"Links.TraceId":[],"Links.SpanId":[],"Links.TraceState":[],"Links.Attributes":[]}\n',
);
const TRUE = asciiPiece('true');
const FALSE = asciiPiece('false');
const HEX = asciiPiece(Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(''));

/** Room a line needs beyond four times its span's bytes (ids, times and numbers grow at most that much). */
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
  NO_EVENTS_OR_LINKS.length;

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
 * times as DateTime64(9) text, and strings copied from the request body, which the scan has
 * checked need no escaping.
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
  out.copy(buf, scan.traceState, scan.traceStateEnd);
  out.piece(SPAN_NAME);
  out.copy(buf, scan.name, scan.nameEnd);
  out.piece(SPAN_KIND[scan.kind] as Uint8Array);
  out.piece(shared);
  for (let i = 0; i < scan.attributes; i++) {
    if (i > 0) out.byte(0x2c); // ,
    out.byte(0x22); // "
    out.copy(buf, scan.keyStart[i] as number, scan.keyEnd[i] as number);
    out.byte(0x22);
    out.byte(0x3a); // :
    out.byte(0x22);
    switch (scan.valueKind[i]) {
      case VALUE_STRING:
        out.copy(buf, scan.valueStart[i] as number, scan.valueEnd[i] as number);
        break;
      case VALUE_INT:
        writeDigits(out, scan.valueStart[i] as number);
        break;
      case VALUE_TRUE:
        out.piece(TRUE);
        break;
      case VALUE_FALSE:
        out.piece(FALSE);
        break;
      case VALUE_EMPTY:
        break;
    }
    out.byte(0x22);
  }
  out.piece(DURATION);
  writeDuration(out, scan);
  out.piece(STATUS[scan.statusCode] as Uint8Array);
  out.copy(buf, scan.statusMessage, scan.statusMessageEnd);
  out.piece(NO_EVENTS_OR_LINKS);
}

function writeHex(out: ByteWriter, src: Uint8Array, start: number, end: number): void {
  const buf = out.buf;
  let pos = out.pos;
  for (let i = start; i < end; i++) {
    const at = (src[i] as number) * 2;
    buf[pos++] = HEX[at] as number;
    buf[pos++] = HEX[at + 1] as number;
  }
  out.pos = pos;
}

/** A non-negative integer below 2^53 in decimal. */
function writeDigits(out: ByteWriter, value: number): void {
  const text = String(value);
  for (let i = 0; i < text.length; i++) out.byte(text.charCodeAt(i));
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

function nanos(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The second last written, as its first and next nanosecond (high and low words) and its text. */
const second = { fromLo: 1, fromHi: 0, toLo: 0, toHi: 0, text: asciiPiece('') };

/**
 * Unix nanoseconds as DateTime64(9) text, as `formatUnixNanos` writes them. The spans of a request
 * mostly share a second: within the last one written, the fraction is a difference of the words,
 * with no bigint.
 */
function writeDateTime64(out: ByteWriter, lo: number, hi: number): void {
  const afterFrom = hi > second.fromHi || (hi === second.fromHi && lo >= second.fromLo);
  const beforeTo = hi < second.toHi || (hi === second.toHi && lo < second.toLo);
  if (!(afterFrom && beforeTo)) {
    const ns = nanos(lo, hi);
    const whole = ns / 1_000_000_000n;
    const from = whole * 1_000_000_000n;
    const to = from + 1_000_000_000n;
    second.fromLo = Number(from & 0xffffffffn);
    second.fromHi = Number(from >> 32n);
    second.toLo = Number(to & 0xffffffffn);
    second.toHi = Number(to >> 32n);
    second.text = asciiPiece(`${secondText(whole)}.`);
  }
  out.piece(second.text);
  let fraction = (hi - second.fromHi) * TWO_32 + (lo - second.fromLo);
  const buf = out.buf;
  for (let i = out.pos + 8; i >= out.pos; i--) {
    buf[i] = 0x30 + (fraction % 10);
    fraction = Math.floor(fraction / 10);
  }
  out.pos += 9;
}
