import type { AttributeLimits } from './otlp-model.ts';

/** More span attributes than this and the span takes the general path. */
const MAX_DIRECT_ATTRIBUTES = 64;

/** How an attribute's value is written. */
export const VALUE_STRING = 0;
export const VALUE_INT = 1;
export const VALUE_TRUE = 2;
export const VALUE_FALSE = 3;
export const VALUE_EMPTY = 4;

/**
 * Where one `Span` message's fields lie in the request body, read without building a string, for
 * spans of the shape {@link writeSpanLine} writes directly. {@link SpanScan.read} answers false for
 * anything else, leaving the span to the general decoder, which validates, names errors and applies
 * the attribute limits. The direct shape:
 * - every string (name, trace state, status message, attribute keys and values) is printable ASCII
 *   without `"` or `\`, so its bytes are its JSON text;
 * - ids have their lengths (16, 8, and 0 or 8 bytes), and neither trace nor span id is all zeros;
 * - times fit DateTime64(9); kind and status code are known enum values;
 * - no events and no links;
 * - attributes: at most the limit, no key twice, no key of only digits (JavaScript orders those
 *   first in an object, and the general path writes an object), values within the length limit
 *   and each a lone string, int (up to 2^35), bool, or empty.
 * Nothing here throws: malformed bytes are left for the general decoder to refuse.
 */
export class SpanScan {
  buf: Uint8Array = new Uint8Array(0);
  private at = 0;
  traceId = 0;
  traceIdEnd = 0;
  spanId = 0;
  spanIdEnd = 0;
  parentId = 0;
  parentIdEnd = 0;
  traceState = 0;
  traceStateEnd = 0;
  name = 0;
  nameEnd = 0;
  kind = 0;
  startLo = 0;
  startHi = 0;
  endLo = 0;
  endHi = 0;
  statusCode = 0;
  statusMessage = 0;
  statusMessageEnd = 0;
  attributes = 0;
  readonly keyStart = new Int32Array(MAX_DIRECT_ATTRIBUTES);
  readonly keyEnd = new Int32Array(MAX_DIRECT_ATTRIBUTES);
  readonly valueKind = new Uint8Array(MAX_DIRECT_ATTRIBUTES);
  /** A string value's start, or an int value itself. */
  readonly valueStart = new Float64Array(MAX_DIRECT_ATTRIBUTES);
  readonly valueEnd = new Int32Array(MAX_DIRECT_ATTRIBUTES);

  /** Reads the span in `buf[start, end)`; false when it is not of the direct shape. */
  read(buf: Uint8Array, start: number, end: number, limits: AttributeLimits): boolean {
    this.buf = buf;
    this.at = start;
    this.traceId = this.traceIdEnd = this.spanId = this.spanIdEnd = 0;
    this.parentId = this.parentIdEnd = this.traceState = this.traceStateEnd = 0;
    this.name = this.nameEnd = this.statusMessage = this.statusMessageEnd = 0;
    this.kind = this.statusCode = this.attributes = 0;
    this.startLo = this.startHi = this.endLo = this.endHi = 0;
    while (this.at < end) {
      const key = this.key(end);
      if (key < 0) return false;
      const wire = key & 7;
      switch (key >>> 3) {
        case 1:
          if (wire !== 2 || !this.range(end)) return false;
          this.traceId = this.rangeStart;
          this.traceIdEnd = this.at;
          break;
        case 2:
          if (wire !== 2 || !this.range(end)) return false;
          this.spanId = this.rangeStart;
          this.spanIdEnd = this.at;
          break;
        case 3:
          if (wire !== 2 || !this.range(end)) return false;
          this.traceState = this.rangeStart;
          this.traceStateEnd = this.at;
          break;
        case 4:
          if (wire !== 2 || !this.range(end)) return false;
          this.parentId = this.rangeStart;
          this.parentIdEnd = this.at;
          break;
        case 5:
          if (wire !== 2 || !this.range(end)) return false;
          this.name = this.rangeStart;
          this.nameEnd = this.at;
          break;
        case 6:
          if (wire !== 0) return false;
          this.kind = this.varint(end);
          if (this.kind < 0 || this.kind > 5) return false;
          break;
        case 7:
          if (wire !== 1 || this.at + 8 > end) return false;
          this.startLo = this.uint32(this.at);
          this.startHi = this.uint32(this.at + 4);
          this.at += 8;
          break;
        case 8:
          if (wire !== 1 || this.at + 8 > end) return false;
          this.endLo = this.uint32(this.at);
          this.endHi = this.uint32(this.at + 4);
          this.at += 8;
          break;
        case 9:
          if (wire !== 2 || !this.range(end) || !this.attribute(this.rangeStart, this.at, limits))
            return false;
          break;
        case 11: // events
        case 13: // links
          return false;
        case 15:
          if (wire !== 2 || !this.range(end) || !this.status(this.rangeStart, this.at)) return false;
          break;
        default:
          if (!this.skip(wire, end)) return false;
      }
    }
    return this.at === end && this.checked();
  }

  /** The ids, times and strings read hold what the direct shape needs. */
  private checked(): boolean {
    const buf = this.buf;
    if (this.traceIdEnd - this.traceId !== 16 || this.spanIdEnd - this.spanId !== 8) return false;
    const parentLength = this.parentIdEnd - this.parentId;
    if (parentLength !== 0 && parentLength !== 8) return false;
    if (allZero(buf, this.traceId, this.traceIdEnd) || allZero(buf, this.spanId, this.spanIdEnd))
      return false;
    // Past 2^63 - 1 ns DateTime64(9) cannot hold the time.
    if (this.startHi > 0x7fffffff || this.endHi > 0x7fffffff) return false;
    return (
      plainAscii(buf, this.traceState, this.traceStateEnd) &&
      plainAscii(buf, this.name, this.nameEnd) &&
      plainAscii(buf, this.statusMessage, this.statusMessageEnd)
    );
  }

  /** One `KeyValue` of the span's attributes, in `buf[start, end)`. */
  private attribute(start: number, end: number, limits: AttributeLimits): boolean {
    const i = this.attributes;
    if (i >= MAX_DIRECT_ATTRIBUTES || i >= limits.maxAttributes) return false;
    const resume = this.at;
    this.at = start;
    let keyStart = 0;
    let keyEnd = 0;
    let valueStart = -1;
    let valueEnd = -1;
    while (this.at < end) {
      const key = this.key(end);
      const field = key >>> 3;
      // A known field must come with its wire type (2 for both), which the general decoder refuses otherwise.
      if ((field === 1 || field === 2) && (key & 7) !== 2) return false;
      if (field === 1) {
        if (!this.range(end)) return false;
        keyStart = this.rangeStart;
        keyEnd = this.at;
      } else if (field === 2) {
        if (!this.range(end)) return false;
        valueStart = this.rangeStart;
        valueEnd = this.at;
      } else if (key < 0 || !this.skip(key & 7, end)) return false;
    }
    if (!plainAscii(this.buf, keyStart, keyEnd) || onlyDigits(this.buf, keyStart, keyEnd)) return false;
    for (let j = 0; j < i; j++) {
      if (sameBytes(this.buf, this.keyStart[j] as number, this.keyEnd[j] as number, keyStart, keyEnd))
        return false;
    }
    this.keyStart[i] = keyStart;
    this.keyEnd[i] = keyEnd;
    if (valueStart < 0) this.valueKind[i] = VALUE_EMPTY;
    else if (!this.value(i, valueStart, valueEnd, limits.maxValueLength)) return false;
    this.attributes = i + 1;
    this.at = resume;
    return true;
  }

  /** An `AnyValue` in `buf[start, end)` holding one string, int or bool, or nothing. */
  private value(i: number, start: number, end: number, maxLength: number): boolean {
    if (start === end) {
      this.valueKind[i] = VALUE_EMPTY;
      return true;
    }
    this.at = start;
    const key = this.key(end);
    if (key === 0x0a) {
      if (!this.range(end) || this.at !== end) return false;
      if (this.at - this.rangeStart > maxLength || !plainAscii(this.buf, this.rangeStart, this.at))
        return false;
      this.valueKind[i] = VALUE_STRING;
      this.valueStart[i] = this.rangeStart;
      this.valueEnd[i] = this.at;
      return true;
    }
    if (key !== 0x10 && key !== 0x18) return false;
    const n = this.varint(end);
    if (n < 0 || this.at !== end) return false;
    if (key === 0x10) {
      if (maxLength < 5) return false;
      this.valueKind[i] = n === 0 ? VALUE_FALSE : VALUE_TRUE;
      return true;
    }
    if (String(n).length > maxLength) return false;
    this.valueKind[i] = VALUE_INT;
    this.valueStart[i] = n;
    return true;
  }

  /** A `Status` in `buf[start, end)`. */
  private status(start: number, end: number): boolean {
    const resume = this.at;
    this.at = start;
    while (this.at < end) {
      const key = this.key(end);
      const field = key >>> 3;
      if (field === 2) {
        if (key !== 0x12 || !this.range(end)) return false;
        this.statusMessage = this.rangeStart;
        this.statusMessageEnd = this.at;
      } else if (field === 3) {
        if (key !== 0x18) return false;
        this.statusCode = this.varint(end);
        if (this.statusCode < 0 || this.statusCode > 2) return false;
      } else if (key < 0 || !this.skip(key & 7, end)) return false;
    }
    this.at = resume;
    return true;
  }

  /** Start of the last length-delimited field read by {@link range}. */
  private rangeStart = 0;

  /** Reads a length and moves past the bytes it covers; false when they run past `end`. */
  private range(end: number): boolean {
    const length = this.varint(end);
    if (length < 0 || this.at + length > end) return false;
    this.rangeStart = this.at;
    this.at += length;
    return true;
  }

  /** A field key; -1 for field number 0, which the general decoder refuses. */
  private key(end: number): number {
    const key = this.varint(end);
    return key < 8 ? -1 : key;
  }

  /** A varint of at most five bytes (below 2^35); -1 when longer or cut short. */
  private varint(end: number): number {
    const buf = this.buf;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.at >= end) return -1;
      const byte = buf[this.at++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    return -1;
  }

  private uint32(at: number): number {
    const buf = this.buf;
    return (
      ((buf[at] as number) |
        ((buf[at + 1] as number) << 8) |
        ((buf[at + 2] as number) << 16) |
        ((buf[at + 3] as number) << 24)) >>>
      0
    );
  }

  /** Moves past a field of an unknown number. */
  private skip(wire: number, end: number): boolean {
    switch (wire) {
      case 0:
        return this.varint(end) >= 0;
      case 1:
        this.at += 8;
        return this.at <= end;
      case 2:
        return this.range(end);
      case 5:
        this.at += 4;
        return this.at <= end;
      default:
        return false;
    }
  }
}

/** Every byte printable ASCII other than `"` and `\`: the bytes are their own JSON string text. */
function plainAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b < 0x20 || b > 0x7e || b === 0x22 || b === 0x5c) return false;
  }
  return true;
}

function onlyDigits(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b < 0x30 || b > 0x39) return false;
  }
  return end > start;
}

function allZero(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function sameBytes(buf: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}
