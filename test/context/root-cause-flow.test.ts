import { describe, expect, it } from 'vitest';
import {
  fisherTails,
  MAX_Z,
  minimumAttainableP,
  zOfUpperTail,
} from '../../src/modules/context/root-cause/fisher-exact.ts';
import {
  describeShift,
  shiftsByService,
  taroneCount,
} from '../../src/modules/context/root-cause/transition-shift.ts';

describe('fisherTails', () => {
  it('gives the hypergeometric tails of a 2×2 table', () => {
    // 3 of 6 before, 1 of 4 after: P(X = 0..4) = 15, 80, 90, 24, 1 out of C(10, 4) = 210.
    const tails = fisherTails({ beforeTotal: 6, beforeHits: 3, afterTotal: 4, afterHits: 1 });
    expect(tails.lower).toBeCloseTo(95 / 210, 12);
    expect(tails.upper).toBeCloseTo(195 / 210, 12);
  });

  it('is 1 / C(15, 5) when an always-seen step vanishes from 5 of 5 cases', () => {
    const table = { beforeTotal: 10, beforeHits: 10, afterTotal: 5, afterHits: 0 };
    expect(fisherTails(table).lower).toBeCloseTo(1 / 3003, 15);
    expect(fisherTails(table).upper).toBe(1);
    expect(minimumAttainableP(table)).toBeCloseTo(1 / 3003, 15);
  });
});

describe('zOfUpperTail', () => {
  it('inverts the normal upper tail', () => {
    expect(zOfUpperTail(0.5)).toBeCloseTo(0, 9);
    expect(zOfUpperTail(0.025)).toBeCloseTo(1.959964, 6);
    expect(zOfUpperTail(0.0013498980316301)).toBeCloseTo(3, 6);
    expect(zOfUpperTail(0)).toBe(MAX_Z);
  });
});

describe('taroneCount', () => {
  it('counts only the tests that could reach the three-sigma level', () => {
    expect(taroneCount([1e-5, 1e-5, 0.5])).toBe(2);
    expect(taroneCount([0.5, 0.9])).toBe(0);
    expect(taroneCount([])).toBe(0);
  });
});

describe('shiftsByService', () => {
  // One baseline minute (t = 60 s) unless said otherwise.
  const row = (service: string, source: string, target: string, before: number, after: number) => ({
    service,
    operation: `GET /${service}`,
    source,
    target,
    before,
    after,
    beforeMinutes: before > 0 ? [60] : [],
    beforeCounts: before > 0 ? [before] : [],
  });
  const rows = [
    row('route', 'span GET /route', 'log seat reserved', 40, 0),
    row('route', 'span GET /route', '(end)', 0, 20),
    // Same share before and after: no change, whatever the volume.
    row('frontend', 'span GET /', 'span GET /route', 400, 20),
    row('frontend', 'span GET /', '(end)', 400, 20),
    // A source seen in one window only says nothing about what follows it.
    row('seat', 'log new path', '(end)', 0, 30),
  ];

  it('finds the step that stopped following its source, corrected for the tests made', () => {
    const shifts = shiftsByService(rows);

    expect([...shifts.keys()]).toEqual(['route', 'frontend']);
    const route = shifts.get('route');
    expect(route?.row.target).toBe('log seat reserved');
    expect(route?.direction).toBe('fell');
    expect(route?.tests).toBe(2);
    // One-sided p = 1 / C(60, 20), doubled for two directions and for two tests.
    expect(route?.z).toBeCloseTo(zOfUpperTail(4 / 4191844505805495), 9);
    expect(route && describeShift(route)).toBe(
      "route: after 'span GET /route', the next event was 'log seat reserved' in 0 of 20 (0%) of cases after " +
        "onset against 100% in a typical baseline minute (40 of 40 over the whole baseline) — the service's " +
        'flow changed (exact test over 2 transitions)',
    );
    expect(shifts.get('frontend')?.z ?? 0).toBeLessThan(1);
  });

  it('judges against the typical baseline minute, so an earlier incident in the baseline does not hide a repeat', () => {
    // Minutes 60, 120, 180: the step followed 'span GET /route' 10 of 10 times; minutes 240 and 300
    // were an earlier incident (0 of 10). Pooled that is 30 of 50 (60%); the typical minute says 100%.
    const repeat = [
      {
        ...row('route', 'span GET /route', 'log seat reserved', 30, 0),
        beforeMinutes: [60, 120, 180],
        beforeCounts: [10, 10, 10],
      },
      {
        ...row('route', 'span GET /route', '(end)', 20, 10),
        beforeMinutes: [240, 300],
        beforeCounts: [10, 10],
      },
    ];

    const route = shiftsByService(repeat).get('route');

    expect(route?.typicalBefore).toBe(1);
    expect(route?.direction).toBe('fell');
    // Tested as 50 of 50 before against 0 of 10 after: one-sided p = 1 / C(60, 10), × 2 directions × 2 tests.
    expect(route?.z).toBeCloseTo(zOfUpperTail(4 / 75394027566), 6);
    expect(route && describeShift(route)).toContain(
      'against 100% in a typical baseline minute (30 of 50 over the whole baseline)',
    );
  });
});
