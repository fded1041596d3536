import { describe, expect, it } from 'vitest';
import {
  checkId,
  checkUnixNanos,
  float64,
  formatUnixMillis,
  formatUnixNanos,
  MAX_UNIX_NANOS,
} from './row-values.ts';

describe('row values for the otel_* tables', () => {
  it('formats nanoseconds as DateTime64(9) text with all nine digits', () => {
    expect(formatUnixNanos(1_795_600_800_123_456_789n)).toBe('2026-11-25 10:00:00.123456789');
    expect(formatUnixNanos(0n)).toBe('1970-01-01 00:00:00.000000000');
    expect(formatUnixNanos(MAX_UNIX_NANOS)).toBe('2262-04-11 23:47:16.854775807');
    expect(formatUnixMillis(1_795_600_800_123)).toBe('2026-11-25 10:00:00.123000000');
  });

  it('refuses times DateTime64(9) cannot hold', () => {
    expect(checkUnixNanos(MAX_UNIX_NANOS)).toBeNull();
    expect(checkUnixNanos(MAX_UNIX_NANOS + 1n)).toBe(
      '9223372036854775808 ns is past the last storable instant (2262-04-11)',
    );
  });

  it('writes non-finite floats as the text ClickHouse parses', () => {
    expect([float64(1.25), float64(Number.NaN), float64(Infinity), float64(-Infinity)]).toEqual([
      1.25,
      'nan',
      'inf',
      '-inf',
    ]);
  });

  it('checks id lengths in bytes', () => {
    expect(checkId('0102030405', 16, 'traceId', false)).toBe('traceId: must be 16 bytes, got 5');
    expect(checkId('', 8, 'parentSpanId', true)).toBeNull();
    expect(checkId('01', 8, 'parentSpanId', true)).toBe('parentSpanId: must be empty or 8 bytes, got 1');
  });
});
