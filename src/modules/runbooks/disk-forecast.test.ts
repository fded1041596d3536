import { describe, expect, it } from 'vitest';
import { hoursUntilEmpty } from './disk-forecast.ts';

const hour = 3_600_000;

describe('hoursUntilEmpty (linear extrapolation)', () => {
  it('runs a steady 10 GB/h fill down to zero', () => {
    const points = [0, 1, 2, 3].map((h) => ({ tMs: h * hour, freeBytes: 100e9 - h * 10e9 }));
    expect(hoursUntilEmpty(points)).toBeCloseTo(7, 6);
  });
  it('is null for a flat or growing series and for one point', () => {
    expect(
      hoursUntilEmpty([
        { tMs: 0, freeBytes: 5 },
        { tMs: hour, freeBytes: 5 },
      ]),
    ).toBeNull();
    expect(
      hoursUntilEmpty([
        { tMs: 0, freeBytes: 5 },
        { tMs: hour, freeBytes: 9 },
      ]),
    ).toBeNull();
    expect(hoursUntilEmpty([{ tMs: 0, freeBytes: 5 }])).toBeNull();
  });
});
