import { describe, expect, it } from 'vitest';
import { WireCursor } from './wire-cursor.ts';

function cursorOver(bytes: number[]): WireCursor {
  const cursor = new WireCursor();
  cursor.buf = Uint8Array.from(bytes);
  return cursor;
}

describe('WireCursor', () => {
  it('reads varints below 2^32 and leaves larger or longer ones to the decoders', () => {
    expect(cursorOver([0xff, 0xff, 0xff, 0xff, 0x0f]).varint(5)).toBe(2 ** 32 - 1);
    expect(cursorOver([0x80, 0x80, 0x80, 0x80, 0x10]).varint(5)).toBe(-1);
    expect(cursorOver([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).varint(6)).toBe(-1);
    expect(cursorOver([0x80, 0x80]).varint(2)).toBe(-1);
  });

  it('refuses a key of field 0, also when only its low 32 bits say so', () => {
    expect(cursorOver([0x0a]).key(1)).toBe(0x0a);
    expect(cursorOver([0x02]).key(1)).toBe(-1);
    expect(cursorOver([0x82, 0x80, 0x80, 0x80, 0x10]).key(5)).toBe(-1);
  });
});
