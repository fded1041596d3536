import { describe, expect, it } from 'vitest';
import { formatMs, formatPercent, formatShare, rateFormatterFor } from './format.ts';

// Expected strings are written for the en-US number format (Node's default locale here).
describe('formatPercent (values already in percent)', () => {
  it('shows an objective as given, never multiplied by 100', () => {
    expect(formatPercent(99.99)).toBe('99.99%');
    expect(formatPercent(99.9)).toBe('99.9%');
    expect(formatPercent(81)).toBe('81%');
  });

  it('never rounds a figure under 100 up to 100, nor one above 0 down to 0', () => {
    expect(formatPercent(99.999)).toBe('99.999%');
    expect(formatPercent(99.9996)).toBe('99.9996%');
    expect(formatPercent(0.0004)).toBe('0.0004%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('shows an overspent budget as a grouped negative whole number', () => {
    expect(formatPercent(-189_900)).toBe('-189,900%');
    expect(formatPercent(-12.345)).toBe('-12.35%');
  });

  it('shows an em dash for a missing figure', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('formatShare (fractions 0..1)', () => {
  it('multiplies a fraction by 100', () => {
    expect(formatShare(0.25)).toBe('25%');
    expect(formatShare(0.004)).toBe('0.4%');
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(0)).toBe('0%');
  });
});

describe('formatMs', () => {
  it('reads zero as 0 ms, sub-millisecond as µs, then ms, s and min', () => {
    expect([0, 0.25, 4.56, 850, 1400, 12_500, 126_000].map(formatMs)).toEqual([
      '0 ms',
      '250 µs',
      '4.6 ms',
      '850 ms',
      '1.40 s',
      '12.5 s',
      '2.1 min',
    ]);
  });
});

describe('rateFormatterFor', () => {
  it('keeps one unit on an axis: per minute for a quiet service, per second for a busy one', () => {
    const quiet = rateFormatterFor(0.03);
    expect([0, 0.01, 0.03].map(quiet)).toEqual(['0/min', '0.6/min', '1.8/min']);
    const busy = rateFormatterFor(2400);
    expect([0, 0.5, 12, 2400].map(busy)).toEqual(['0/s', '0.5/s', '12/s', '2.4K/s']);
  });
});
