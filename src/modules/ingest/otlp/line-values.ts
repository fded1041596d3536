import { asciiPiece, type ByteWriter } from './byte-writer.ts';
import { secondText } from './row-values.ts';

/**
 * Values of a JSONEachRow line written from protobuf bytes, each exactly as `JSON.stringify` writes
 * the value the general path puts in its row (room reserved by the caller).
 */

const HEX = asciiPiece(Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(''));
const HEX_DIGITS = asciiPiece('0123456789abcdef');
/** JSON.stringify's two-character escapes, by byte. */
const SHORT_ESCAPES: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 };

/** Bytes an ASCII byte can grow to in a JSON string (`\u001f`). */
export const MAX_ESCAPE_GROWTH = 6;
/**
 * How much a record's own bytes usually grow as JSON text: ids double as hex, times grow from 8
 * bytes to 29, strings mostly stay as they are. The columns a scope shares are counted apart.
 */
export const EXPECTED_GROWTH = 2;

/** ASCII bytes `buf[start, end)` as a JSON string, quotes included. */
export function writeJsonString(out: ByteWriter, src: Uint8Array, start: number, end: number): void {
  const buf = out.buf;
  let pos = out.pos;
  buf[pos++] = 0x22;
  for (let i = start; i < end; i++) {
    const b = src[i] as number;
    if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
      buf[pos++] = b;
    } else if (b === 0x22 || b === 0x5c) {
      buf[pos++] = 0x5c;
      buf[pos++] = b;
    } else {
      buf[pos++] = 0x5c;
      const short = SHORT_ESCAPES[b];
      if (short !== undefined) buf[pos++] = short;
      else {
        buf[pos++] = 0x75; // u00XX
        buf[pos++] = 0x30;
        buf[pos++] = 0x30;
        buf[pos++] = HEX_DIGITS[b >> 4] as number;
        buf[pos++] = HEX_DIGITS[b & 15] as number;
      }
    }
  }
  buf[pos++] = 0x22;
  out.pos = pos;
}

/** An id's bytes as lower-case hex (no quotes). */
export function writeHex(out: ByteWriter, src: Uint8Array, start: number, end: number): void {
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
export function writeDigits(out: ByteWriter, value: number): void {
  const text = String(value);
  for (let i = 0; i < text.length; i++) out.byte(text.charCodeAt(i));
}

const TWO_32 = 4294967296;

/** The 64-bit value of two 32-bit words. */
export function nanos(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The second last written, as its first and next nanosecond (high and low words) and its text. */
const second = { fromLo: 1, fromHi: 0, toLo: 0, toHi: 0, text: asciiPiece('') };

/**
 * Unix nanoseconds (two 32-bit words, below 2^63) as DateTime64(9) text, as `formatUnixNanos`
 * writes them, without quotes. The records of a request mostly share a second: within the last one
 * written, the fraction is a difference of the words, with no bigint.
 */
export function writeDateTime64(out: ByteWriter, lo: number, hi: number): void {
  const afterFrom = hi > second.fromHi || (hi === second.fromHi && lo >= second.fromLo);
  const beforeTo = hi < second.toHi || (hi === second.toHi && lo < second.toLo);
  if (!(afterFrom && beforeTo)) {
    const whole = nanos(lo, hi) / 1_000_000_000n;
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
