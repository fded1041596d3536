import { describe, expect, it } from 'vitest';
import { asciiPiece, ByteWriter } from './byte-writer.ts';

describe('ByteWriter', () => {
  it('keeps what was written when it grows past its first capacity', () => {
    const out = new ByteWriter(0);
    const piece = asciiPiece('{"k":"v"}\n');
    for (let i = 0; i < 100; i++) {
      out.reserve(piece.length);
      out.piece(piece);
    }
    out.text('é');
    expect(Buffer.from(out.written()).toString('utf8')).toBe(`${'{"k":"v"}\n'.repeat(100)}é`);
    expect(out.buf.length).toBeGreaterThanOrEqual(1002);
  });

  it('copies long runs and short ones alike', () => {
    const out = new ByteWriter(16);
    const source = asciiPiece('x'.repeat(100));
    out.reserve(130);
    out.copy(source, 10, 15);
    out.copy(source, 0, 100);
    expect(out.written().length).toBe(105);
  });
});
