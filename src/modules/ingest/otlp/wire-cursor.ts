/**
 * A cursor over protobuf wire format for the direct writers (span-scan.ts, log-scan.ts), which
 * record where fields lie rather than decode them. Nothing here throws: every method answers false
 * or -1 where a field is malformed or outside the direct shape, and the caller leaves the record to
 * the general decoder, which refuses or reads it and names the field.
 */
export class WireCursor {
  buf: Uint8Array = new Uint8Array(0);
  at = 0;
  /** Start of the last length-delimited field read by {@link range}. */
  rangeStart = 0;

  /** A field key; -1 for field number 0, which the decoders refuse, or a bad varint. */
  key(end: number): number {
    const key = this.varint(end);
    return key < 8 ? -1 : key;
  }

  /**
   * A varint below 2^32; -1 when larger, longer or cut short. The decoders read keys, lengths,
   * enums and bools as their low 32 bits, so a larger value could be read two ways: it is left to them.
   */
  varint(end: number): number {
    const buf = this.buf;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.at >= end) return -1;
      const byte = buf[this.at++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result < 2 ** 32 ? result : -1;
    }
    return -1;
  }

  /** Reads a length and moves past the bytes it covers; false when they run past `end`. */
  range(end: number): boolean {
    const length = this.varint(end);
    if (length < 0 || this.at + length > end) return false;
    this.rangeStart = this.at;
    this.at += length;
    return true;
  }

  /** A little-endian 32-bit word at `at`. */
  uint32(at: number): number {
    const buf = this.buf;
    return (
      ((buf[at] as number) |
        ((buf[at + 1] as number) << 8) |
        ((buf[at + 2] as number) << 16) |
        ((buf[at + 3] as number) << 24)) >>>
      0
    );
  }

  /** Moves past a field of a number the reader does not know. */
  skip(wire: number, end: number): boolean {
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

/**
 * The singular fields of one message read so far. A singular field sent twice is read twice by the
 * decoders (a message merged, each string checked), which the direct writers do not do: they leave
 * such a message to the decoders.
 */
export class SingularFields {
  private seen = 0;

  /** Forgets the fields seen, for the next message. */
  reset(): void {
    this.seen = 0;
  }

  /** Notes `field` (a number below 31); false when it came before in this message. */
  first(field: number): boolean {
    const bit = 1 << field;
    if (field > 30 || (this.seen & bit) !== 0) return false;
    this.seen |= bit;
    return true;
  }
}

/** Every byte ASCII: its JSON text is the bytes, escaped where JSON.stringify escapes. */
export function ascii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((buf[i] as number) > 0x7f) return false;
  return true;
}

export function allZero(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

const latin1 = new TextDecoder('latin1');

/** ASCII bytes (checked by the caller) as a string. */
export function asciiText(buf: Uint8Array, start: number, end: number): string {
  return start === end ? '' : latin1.decode(buf.subarray(start, end));
}
