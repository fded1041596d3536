import type { ByteWriter } from './byte-writer.ts';
import { writeDigits, writeJsonString } from './line-values.ts';
import type { AttributeLimits, Attributes } from './otlp-model.ts';
import { ascii, asciiText, SingularFields, type WireCursor } from './wire-cursor.ts';

/** More attributes than this on a record and it takes the general path. */
const MAX_DIRECT_ATTRIBUTES = 64;

const VALUE_STRING = 0;
const VALUE_INT = 1;
const VALUE_TRUE = 2;
const VALUE_FALSE = 3;
const VALUE_EMPTY = 4;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];

/**
 * One record's attributes (a repeated `KeyValue` field) as byte ranges, for the direct writers.
 * Taken only when the general path would keep them as they are: at most the limit, no key twice,
 * no key of only digits (JavaScript orders those first in an object, and the general path writes
 * an object), ASCII keys and values, each value a lone string within the length limit, an int
 * (below 2^32), a bool, or nothing.
 */
export class AttributeScan {
  count = 0;
  private readonly keyValueFields = new SingularFields();
  private readonly keyStart = new Int32Array(MAX_DIRECT_ATTRIBUTES);
  private readonly keyEnd = new Int32Array(MAX_DIRECT_ATTRIBUTES);
  private readonly valueKind = new Uint8Array(MAX_DIRECT_ATTRIBUTES);
  /** A string value's start, or an int value itself. */
  private readonly valueStart = new Float64Array(MAX_DIRECT_ATTRIBUTES);
  private readonly valueEnd = new Int32Array(MAX_DIRECT_ATTRIBUTES);

  /** Reads one `KeyValue` in `c.buf[start, end)`; false when it is outside the direct shape. */
  read(c: WireCursor, start: number, end: number, limits: AttributeLimits): boolean {
    const i = this.count;
    if (i >= MAX_DIRECT_ATTRIBUTES || i >= limits.maxAttributes) return false;
    const resume = c.at;
    c.at = start;
    let keyStart = 0;
    let keyEnd = 0;
    let valueStart = -1;
    let valueEnd = -1;
    this.keyValueFields.reset();
    while (c.at < end) {
      const key = c.key(end);
      const field = key >>> 3;
      // Both known fields are length-delimited; the decoders refuse any other wire type for them.
      if ((field === 1 || field === 2) && ((key & 7) !== 2 || !this.keyValueFields.first(field)))
        return false;
      if (field === 1) {
        if (!c.range(end)) return false;
        keyStart = c.rangeStart;
        keyEnd = c.at;
      } else if (field === 2) {
        if (!c.range(end)) return false;
        valueStart = c.rangeStart;
        valueEnd = c.at;
      } else if (key < 0 || !c.skip(key & 7, end)) return false;
    }
    const buf = c.buf;
    if (!ascii(buf, keyStart, keyEnd) || onlyDigits(buf, keyStart, keyEnd)) return false;
    for (let j = 0; j < i; j++) {
      if (sameBytes(buf, this.keyStart[j] as number, this.keyEnd[j] as number, keyStart, keyEnd))
        return false;
    }
    this.keyStart[i] = keyStart;
    this.keyEnd[i] = keyEnd;
    if (valueStart < 0) this.valueKind[i] = VALUE_EMPTY;
    else if (!this.value(c, i, valueStart, valueEnd, limits.maxValueLength)) return false;
    this.count = i + 1;
    c.at = resume;
    return true;
  }

  /** An `AnyValue` in `c.buf[start, end)` holding one string, int or bool, or nothing. */
  private value(c: WireCursor, i: number, start: number, end: number, maxLength: number): boolean {
    if (start === end) {
      this.valueKind[i] = VALUE_EMPTY;
      return true;
    }
    c.at = start;
    const key = c.key(end);
    if (key === 0x0a) {
      if (!c.range(end) || c.at !== end) return false;
      if (c.at - c.rangeStart > maxLength || !ascii(c.buf, c.rangeStart, c.at)) return false;
      this.valueKind[i] = VALUE_STRING;
      this.valueStart[i] = c.rangeStart;
      this.valueEnd[i] = c.at;
      return true;
    }
    if (key !== 0x10 && key !== 0x18) return false;
    const n = c.varint(end);
    if (n < 0 || c.at !== end) return false;
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

  /** The attributes as the general path's map (the scan took them only where it keeps them whole). */
  toObject(buf: Uint8Array): Attributes {
    const out: Attributes = Object.create(null);
    for (let i = 0; i < this.count; i++) {
      const key = asciiText(buf, this.keyStart[i] as number, this.keyEnd[i] as number);
      switch (this.valueKind[i]) {
        case VALUE_STRING:
          out[key] = asciiText(buf, this.valueStart[i] as number, this.valueEnd[i] as number);
          break;
        case VALUE_INT:
          out[key] = String(this.valueStart[i]);
          break;
        case VALUE_TRUE:
          out[key] = 'true';
          break;
        case VALUE_FALSE:
          out[key] = 'false';
          break;
        default:
          out[key] = '';
      }
    }
    return out;
  }

  /** Writes the attributes as a JSON object's members, `"key":"value",…`, from `buf`. */
  write(out: ByteWriter, buf: Uint8Array): void {
    for (let i = 0; i < this.count; i++) {
      if (i > 0) out.byte(0x2c); // ,
      writeJsonString(out, buf, this.keyStart[i] as number, this.keyEnd[i] as number);
      out.byte(0x3a); // :
      switch (this.valueKind[i]) {
        case VALUE_STRING:
          writeJsonString(out, buf, this.valueStart[i] as number, this.valueEnd[i] as number);
          break;
        case VALUE_INT:
          out.byte(0x22);
          writeDigits(out, this.valueStart[i] as number);
          out.byte(0x22);
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          out.byte(0x22);
          for (const b of this.valueKind[i] === VALUE_TRUE ? TRUE : FALSE) out.byte(b);
          out.byte(0x22);
          break;
        case VALUE_EMPTY:
          out.byte(0x22);
          out.byte(0x22);
          break;
      }
    }
  }
}

function onlyDigits(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b < 0x30 || b > 0x39) return false;
  }
  return end > start;
}

function sameBytes(buf: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}
