import { describe, expect, it } from 'vitest';
import { counterRates, histogramIncrements, histogramQuantile } from './metric-math.ts';

describe('metric math', () => {
  it('differences cumulative counters per step, treating a drop as a restart', () => {
    const buckets = [
      { t: 0, last: 10, total: 10 },
      { t: 60, last: 70, total: 70 },
      { t: 120, last: 30, total: 30 },
      { t: 240, last: 90, total: 90 },
    ];
    expect(counterRates(buckets, 2, 60)).toEqual([
      { t: 0, v: null },
      { t: 60, v: 1 },
      { t: 120, v: 0.5 },
      { t: 240, v: null },
    ]);
    expect(counterRates(buckets, 1, 60).map((p) => p.v)).toEqual([10 / 60, 70 / 60, 0.5, 1.5]);
  });

  it('turns cumulative histogram counts into per-bucket increments', () => {
    expect(
      histogramIncrements(
        [
          { t: 0, counts: [1, 2, 0] },
          { t: 60, counts: [3, 2, 1] },
          { t: 120, counts: [1, 0, 0] },
        ],
        2,
      ),
    ).toEqual([
      { t: 0, counts: [1, 2, 0] },
      { t: 60, counts: [2, 0, 1] },
      { t: 120, counts: [1, 0, 0] },
    ]);
  });

  it('interpolates quantiles within explicit buckets like histogram_quantile', () => {
    expect(histogramQuantile(0.5, [10, 100], [5, 5, 0])).toBe(10);
    expect(histogramQuantile(0.95, [10, 100], [5, 5, 0])).toBe(91);
    expect(histogramQuantile(0.25, [10, 100], [4, 0, 0])).toBe(2.5);
    expect(histogramQuantile(0.99, [10, 100], [0, 1, 9])).toBe(100);
    expect(histogramQuantile(0.5, [10, 100], [0, 0, 0])).toBeNull();
  });
});
