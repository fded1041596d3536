import { describe, expect, it } from 'vitest';
import { DecodeError, ProtoReader, toHex, toInt64, within } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';

describe('ProtoReader', () => {
  it('reads 64-bit varints exactly, including int64 -1 (ten bytes)', () => {
    const bytes = new ProtoWriter()
      .uint(1, 2n ** 63n + 5n)
      .uint(2, -1n)
      .finish();
    const r = new ProtoReader(bytes);
    r.key();
    expect(r.varint64()).toBe(2n ** 63n + 5n);
    r.key();
    expect(toInt64(r.varint64())).toBe(-1n);
    expect(r.more()).toBe(false);
  });

  it('reads a negative int32 enum written as a ten-byte varint', () => {
    const r = new ProtoReader(new ProtoWriter().uint(6, -3n).finish());
    r.key();
    expect(r.int32()).toBe(-3);
  });

  it('reads fixed64 nanoseconds without losing precision', () => {
    const r = new ProtoReader(new ProtoWriter().fixed64(7, 1_764_064_800_123_456_789n).finish());
    r.key();
    expect(r.fixed64()).toBe(1_764_064_800_123_456_789n);
  });

  it('refuses a length that runs past the message, naming the path', () => {
    const r = new ProtoReader(new Uint8Array([0x0a, 0x09, 0x01]));
    r.key();
    expect(() => within('resourceSpans[0]', () => r.bytes())).toThrow(
      new DecodeError('length 9 runs past the end of the message (1 bytes left)', 'resourceSpans[0]'),
    );
  });

  it('refuses truncated varints and field number 0', () => {
    expect(() => new ProtoReader(new Uint8Array([0x80])).key()).toThrow('truncated varint');
    expect(() => new ProtoReader(new Uint8Array([0x02])).key()).toThrow('invalid field number 0 at byte 1');
  });

  it('skips an unknown length-delimited field to the field after it', () => {
    // E.g. a newer exporter's Resource.entity_refs: the fields after it must still be read.
    const bytes = new ProtoWriter().bytes(3, 'unknown to this reader').uint(2, 7).finish();
    const r = new ProtoReader(bytes);
    r.skip(r.key() & 7);
    expect(r.key()).toBe(2 << 3);
    expect(r.varint32()).toBe(7);
    expect(r.more()).toBe(false);
  });

  it('writes ids as lower-case hex', () => {
    expect(toHex(new Uint8Array([0, 0xab, 0x0f]))).toBe('00ab0f');
  });
});
