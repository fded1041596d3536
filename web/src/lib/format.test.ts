import { describe, expect, it } from 'vitest';
import { formatPercent, formatShare } from './format.ts';

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
