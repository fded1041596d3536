const utf8 = new TextEncoder();

/**
 * A growing byte buffer for JSONEachRow text written straight from protobuf bytes: fixed pieces
 * are copied from pre-encoded arrays and plain ASCII from the request body, so nothing that only
 * passes through becomes a string on the way.
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity: number) {
    // Not zeroed: every byte handed out by written() has been written.
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 256));
  }

  /** Makes room for `n` more bytes; the writes below assume it was made. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Copies `src[start, end)`. */
  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    // Most pieces are a few bytes long, where a loop beats creating a view for `set`.
    if (n < 48) {
      const buf = this.buf;
      let pos = this.pos;
      for (let i = start; i < end; i++) buf[pos++] = src[i] as number;
      this.pos = pos;
    } else {
      this.buf.set(src.subarray(start, end), this.pos);
      this.pos += n;
    }
  }

  /** Copies all of `piece`. */
  piece(piece: Uint8Array): void {
    this.copy(piece, 0, piece.length);
  }

  /** Writes `text` as UTF-8, reserving the room it needs. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.pos += utf8.encodeInto(text, this.buf.subarray(this.pos)).written;
  }

  /** Writes one byte. */
  byte(value: number): void {
    this.buf[this.pos++] = value;
  }

  /** The bytes written so far (a view, not a copy). */
  written(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** `text` (ASCII) as bytes, for the fixed pieces of a row. */
export function asciiPiece(text: string): Uint8Array {
  return utf8.encode(text);
}
