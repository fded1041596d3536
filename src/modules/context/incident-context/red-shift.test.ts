import { describe, expect, it } from 'vitest';
import type { RedMinute } from './red-minutes.store.ts';
import { detectShift } from './red-shift.ts';

const change = 1_800_000_000; // a whole minute, epoch seconds
const minutes = (from: number, to: number, shape: (i: number) => Partial<RedMinute>): RedMinute[] =>
  Array.from({ length: to - from }, (_, k) => ({
    service: 's',
    t: change + (from + k) * 60,
    calls: 100,
    errors: 0,
    p99Ms: 50,
    ...shape(from + k),
  }));

describe('detectShift', () => {
  it('finds an error-rate rise that starts two minutes after the change and holds', () => {
    const data = minutes(-15, 10, (i) => ({ errors: i >= 1 ? 30 : 0 }));
    const report = detectShift(data, change, change + 10 * 60);
    expect(report.errorRate).toEqual({ before: 0, after: 0.3, withinMinutes: 2 });
    expect(report.p99Ms).toBeNull();
  });

  it('ignores a single noisy minute and a rise too small to see on a graph', () => {
    const spike = minutes(-15, 10, (i) => ({ errors: i === 3 ? 50 : 1 }));
    expect(detectShift(spike, change, change + 600).errorRate).toBeNull();
    const small = minutes(-15, 10, (i) => ({ errors: i >= 0 ? 2 : 1 }));
    expect(detectShift(small, change, change + 600).errorRate).toBeNull();
  });

  it('finds a p99 rise against the median of the minutes before', () => {
    const data = minutes(-15, 6, (i) => ({ p99Ms: i >= 0 ? 400 : 50 }));
    expect(detectShift(data, change, change + 360).p99Ms).toEqual({
      before: 50,
      after: 400,
      withinMinutes: 1,
    });
  });

  it('reports nothing to compare without requests on either side', () => {
    const after = minutes(0, 5, () => ({}));
    expect(detectShift(after, change, change + 300)).toEqual({
      beforeCalls: 0,
      afterCalls: 500,
      errorRate: null,
      p99Ms: null,
    });
  });
});
