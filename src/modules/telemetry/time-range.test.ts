import { describe, expect, it } from 'vitest';
import { InputError } from '../../kernel/errors.ts';
import { bucketStarts, chooseStep, parseStep, parseTimeParam, resolveRange } from './time-range.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('time parameters', () => {
  it('parses RFC 3339 with an offset and epoch milliseconds, nothing else', () => {
    expect(parseTimeParam('2026-03-01T10:00:00+02:00')?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(parseTimeParam('2026-03-01T10:00:00.123456789Z')?.toISOString()).toBe('2026-03-01T10:00:00.123Z');
    expect(parseTimeParam('1772359200000')?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(parseTimeParam('2026-03-01')).toBeNull();
    expect(parseTimeParam('2026-03-01T10:00:00')).toBeNull();
    expect(parseTimeParam('2026-13-45T10:00:00Z')).toBeNull();
  });

  it('defaults to the last hour and rejects an inverted window naming query.to', () => {
    expect(resolveRange({}, now)).toEqual({ from: new Date('2026-03-01T11:00:00Z'), to: now });
    const from = new Date('2026-03-01T11:30:00Z');
    expect(resolveRange({ from }, now)).toEqual({ from, to: now });
    expect(() => resolveRange({ from: now, to: from }, now)).toThrow(InputError);
    expect(() => resolveRange({ from: now, to: from }, now)).toThrow(/^query\.to: must be after query\.from/);
  });

  it('parses steps and picks about 60 points when none is given', () => {
    expect([parseStep('60s'), parseStep('5m'), parseStep('1h'), parseStep('120'), parseStep('1w')]).toEqual([
      60,
      300,
      3600,
      120,
      null,
    ]);
    const hour = { from: new Date('2026-03-01T11:00:00Z'), to: now };
    expect(chooseStep(hour, undefined)).toBe(60);
    expect(chooseStep({ from: new Date('2026-02-28T12:00:00Z'), to: now }, undefined)).toBe(1440);
    expect(() => chooseStep(hour, 90)).toThrow(
      'query.step: must be a whole number of minutes, at least 60s (got 90s)',
    );
    expect(() => chooseStep({ from: new Date('2025-01-01T00:00:00Z'), to: now }, 60)).toThrow(
      /more than 2000 points/,
    );
  });

  it('aligns buckets to the step and covers the whole range', () => {
    const range = { from: new Date('2026-03-01T11:02:30Z'), to: new Date('2026-03-01T11:10:00Z') };
    expect(bucketStarts(range, 300).map((t) => new Date(t * 1000).toISOString())).toEqual([
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T11:05:00.000Z',
    ]);
  });
});
