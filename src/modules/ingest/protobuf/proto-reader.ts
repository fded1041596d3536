/**
 * A minimal protobuf wire-format reader: just what the OTLP and remote-write decoders need, with
 * errors that say what was wrong instead of a generic "index out of range". Hand-written rather
 * than generated so decoding goes straight from bytes to Cairn's model, and so every error can be
 * prefixed with the field path it happened at (see {@link DecodeError}).
 */

/** Malformed input; `path` is filled in by the decoders as the error travels outwards. */
export class DecodeError extends Error {
  path: string;
  readonly reason: string;
  constructor(reason: string, path = '') {
    super(path === '' ? reason : `${path}: ${reason}`);
    this.reason = reason;
    this.path = path;
  }

  /** Prefixes the path with the field the error happened inside, e.g. `spans[3]` then `scopeSpans[0]`. */
  within(segment: string): DecodeError {
    this.path =
      this.path === ''
        ? segment
        : this.path.startsWith('[')
          ? segment + this.path
          : `${segment}.${this.path}`;
    this.message = `${this.path}: ${this.reason}`;
    return this;
  }
}

/** Runs `decode`, prefixing any {@link DecodeError} it throws with `segment`. */
export function within<T>(segment: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DecodeError) throw error.within(segment);
    throw error;
  }
}

/**
 * Prefixes a {@link DecodeError} caught while decoding element `index` of the repeated field `name`
 * (e.g. `spans[3]`), and returns the error to rethrow. The hot loops call this from a `catch`
 * instead of wrapping each element in {@link within}, so the path text is only built on failure.
 */
export function atIndex(error: unknown, name: string, index: number): unknown {
  if (error instanceof DecodeError) error.within(`${name}[${index}]`);
  return error;
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8');
/** Longest string decoded by hand when it is all ASCII; see {@link ProtoReader.string}. */
const SHORT_STRING = 128;

const TWO_32 = 4294967296;

/** Reads one message (or a sub-message's bytes) from `buf[pos, end)`. */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  private view: DataView | undefined;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    // A request body arrives as a Node Buffer, whose `subarray` runs Buffer's own constructor for
    // every string and id read (a tenth of ingest's main-thread time in a profile); a plain
    // Uint8Array view of the same memory makes those views cheap.
    this.buf = buf.constructor === Uint8Array ? buf : asPlainBytes(buf);
    this.pos = pos;
    this.end = end;
  }

  /** True while fields remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field key; returns `fieldNumber << 3 | wireType` as read (use {@link fieldOf}/{@link wireOf}). */
  key(): number {
    const key = this.varint32();
    if (key >>> 3 === 0) throw new DecodeError(`invalid field number 0 at byte ${this.pos}`);
    return key;
  }

  /** A varint that must fit 32 bits unsigned (keys, lengths, enums, uint32, int32 as two's complement). */
  varint32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new DecodeError('truncated varint');
      const byte = this.buf[this.pos++] ?? 0;
      if (shift < 32) result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result % TWO_32;
    }
    throw new DecodeError('varint longer than 10 bytes');
  }

  /** An int32 field: a varint whose low 32 bits are two's complement. */
  int32(): number {
    return this.varint32() | 0;
  }

  /** A sint32 field (zigzag). */
  sint32(): number {
    const n = this.varint32();
    return (n >>> 1) ^ -(n & 1);
  }

  /** A 64-bit varint as an unsigned bigint (uint64, or int64 before {@link toInt64}). */
  varint64(): bigint {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new DecodeError('truncated varint');
      const byte = this.buf[this.pos++] ?? 0;
      if (i < 4) lo += (byte & 0x7f) * 2 ** (7 * i);
      else if (i === 4) {
        lo += (byte & 0x0f) * 2 ** 28;
        hi += (byte & 0x70) >>> 4;
      } else hi += (byte & 0x7f) * 2 ** (7 * i - 32);
      if (byte < 0x80) return (BigInt(hi % TWO_32) << 32n) | BigInt(lo);
    }
    throw new DecodeError('varint longer than 10 bytes');
  }

  bool(): boolean {
    return this.varint32() !== 0;
  }

  private dataView(): DataView {
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new DecodeError(`truncated ${what}`);
  }

  fixed32(): number {
    this.need(4, 'fixed32');
    const v = this.dataView().getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** fixed64 as an unsigned bigint (timestamps in ns, counts). */
  fixed64(): bigint {
    this.need(8, 'fixed64');
    const v = this.dataView().getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** sfixed64 as a signed bigint. */
  sfixed64(): bigint {
    this.need(8, 'sfixed64');
    const v = this.dataView().getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8, 'double');
    const v = this.dataView().getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The raw 8 bytes of a double, to tell Prometheus' stale-marker NaN from other NaNs. */
  doubleBits(): bigint {
    this.need(8, 'double');
    return this.dataView().getBigUint64(this.pos, true);
  }

  /** Length of a length-delimited field, checked against the bytes left. */
  length(): number {
    const n = this.varint32();
    if (this.pos + n > this.end) {
      throw new DecodeError(
        `length ${n} runs past the end of the message (${this.end - this.pos} bytes left)`,
      );
    }
    return n;
  }

  /** A length-delimited field's bytes as lower-case hex (trace and span ids), without a view. */
  hex(): string {
    const n = this.length();
    const start = this.pos;
    this.pos += n;
    return hexOf(this.buf, start, this.pos);
  }

  bytes(): Uint8Array {
    const n = this.length();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.length();
    const start = this.pos;
    this.pos += n;
    if (n === 0) return '';
    const buf = this.buf;
    // Attribute keys and most values are short ASCII: building those by hand is several times
    // faster than a TextDecoder call. Anything else goes to TextDecoder, which replaces invalid
    // UTF-8, so stored strings are always valid.
    if (n <= SHORT_STRING) {
      let ascii = 0;
      for (let i = start; i < this.pos; i++) ascii |= buf[i] ?? 0;
      // All bytes below 0x80: each byte is its own UTF-16 code unit. `apply` reads any array-like,
      // and a Uint8Array is one; its type only asks for an array.
      if (ascii < 0x80)
        return String.fromCharCode.apply(null, buf.subarray(start, this.pos) as unknown as number[]);
    }
    return utf8.decode(buf.subarray(start, this.pos));
  }

  /** A reader over an embedded message; this reader moves past it. */
  message(): ProtoReader {
    const n = this.length();
    const sub = new ProtoReader(this.buf, this.pos, this.pos + n);
    sub.view = this.view;
    this.pos += n;
    return sub;
  }

  /** Skips a field of the given wire type (unknown fields are ignored, as protobuf requires). */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.need(8, 'fixed64');
        this.pos += 8;
        return;
      case WIRE_BYTES: {
        // Not `this.pos += this.length()`: that adds the length to the position from before the
        // length's own varint was read, and lands inside the field.
        const n = this.length();
        this.pos += n;
        return;
      }
      case WIRE_FIXED32:
        this.need(4, 'fixed32');
        this.pos += 4;
        return;
      default:
        throw new DecodeError(`unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }
}

/** Field number of a key from {@link ProtoReader.key}. */
export function fieldOf(key: number): number {
  return key >>> 3;
}

/** Wire type of a key from {@link ProtoReader.key}. */
export function wireOf(key: number): number {
  return key & 7;
}

/** Throws unless a field arrived with the wire type its schema declares. */
export function expectWire(key: number, wire: number, field: string): void {
  if ((key & 7) !== wire) {
    throw new DecodeError(`wire type ${key & 7} does not match the field's type (expected ${wire})`, field);
  }
}

/** Reinterprets an unsigned 64-bit value as two's-complement int64. */
export function toInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of an id's bytes, as the exporter writes TraceId/SpanId. */
export function toHex(bytes: Uint8Array): string {
  return hexOf(bytes, 0, bytes.length);
}

function hexOf(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX[bytes[i] ?? 0];
  return out;
}

/** `bytes` (a Buffer or another Uint8Array subclass) as a plain Uint8Array over the same memory. */
export function asPlainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
