import { describe, expect, it } from 'vitest';
import { toSaturationRow } from '../../src/modules/context/root-cause/metric-signals.store.ts';
import { estimateOnset } from '../../src/modules/context/root-cause/onset-estimate.ts';
import {
  robustSpread,
  sustainedLevel,
  typicalRate,
} from '../../src/modules/context/root-cause/robust-baseline.ts';

describe('typicalRate', () => {
  it('pools the minutes when none is an outlier', () => {
    // 2 + 3 + 1 hits of 100 + 100 + 100: no minute is 3 sigma from the other two.
    expect(
      typicalRate([
        { hits: 2, total: 100 },
        { hits: 3, total: 100 },
        { hits: 1, total: 100 },
      ]),
    ).toBe(0.02);
  });

  it('leaves out a minority of minutes from an earlier incident', () => {
    // Four clean minutes at 1 error in 100; one incident minute at 40 in 100. Pooled: 44 / 500 = 8.8%.
    const minutes = [
      { hits: 1, total: 100 },
      { hits: 1, total: 100 },
      { hits: 1, total: 100 },
      { hits: 1, total: 100 },
      { hits: 40, total: 100 },
    ];
    expect(typicalRate(minutes)).toBe(0.01);
  });

  it('keeps a sparse event that shows up in a few minutes only: its pooled rate, not 0', () => {
    // 3 events in 10 minutes of 50 lines: no minute with 1 event is an outlier, so 3 / 500.
    const minutes = Array.from({ length: 10 }, (_, i) => ({ hits: i < 3 ? 1 : 0, total: 50 }));
    expect(typicalRate(minutes)).toBe(0.006);
  });

  it('treats a rate above one per unit (lines per request) as a count, and still drops an outlier minute', () => {
    // Two lines per request in nine minutes, six per request in one: Poisson spread, so that minute goes.
    const minutes = [...Array.from({ length: 9 }, () => ({ hits: 20, total: 10 })), { hits: 60, total: 10 }];
    expect(typicalRate(minutes)).toBe(2);
  });

  it('ignores minutes without traffic and is 0 with none', () => {
    expect(
      typicalRate([
        { hits: 0, total: 0 },
        { hits: 5, total: 10 },
      ]),
    ).toBe(0.5);
    expect(typicalRate([])).toBe(0);
  });
});

describe('sustainedLevel', () => {
  it('is the level more than half the points reach', () => {
    expect(sustainedLevel([137, 12])).toBe(12);
    expect(sustainedLevel([137, 12, 90])).toBe(90);
    expect(sustainedLevel([5, 1, 9, 7])).toBe(5);
    expect(sustainedLevel([4])).toBe(4);
    expect(sustainedLevel([])).toBeUndefined();
  });
});

describe('robustSpread', () => {
  it('gives the median and the interquartile range / 1.349, unmoved by one spike', () => {
    // Quartiles of 1..9 are 3 and 7; the spike at 900 changes neither.
    expect(robustSpread([1, 2, 3, 4, 5, 6, 7, 8, 900])).toEqual({ median: 5, sigma: 4 / 1.349 });
  });
});

describe('toSaturationRow', () => {
  it('compares the level held after onset, so one spike among normal minutes is not saturation', () => {
    const row = toSaturationRow({
      service: 'a',
      metric: 'CpuUsage',
      baseline: [4, 5, 6, 5, 5],
      after: [120, 5, 6],
    });
    expect(row).toEqual({
      service: 'a',
      metric: 'CpuUsage',
      baselineMedian: 5,
      baselineSigma: 0,
      baselinePoints: 5,
      afterSustained: 6,
      afterPoints: 3,
    });
  });
});

describe('estimateOnset', () => {
  const onset = new Date('2026-03-01T10:00:00Z');
  const window = {
    baselineFrom: new Date('2026-03-01T09:30:00Z'),
    onset,
    afterTo: new Date('2026-03-01T10:05:00Z'),
    excluded: [],
  };
  const minute = (iso: string) => Date.parse(iso) / 1000;
  // 60 frontend spans a minute from 09:30 to 10:04.
  const spanMinutes = Array.from({ length: 35 }, (_, i) => ({
    service: 'frontend',
    minute: minute('2026-03-01T09:30:00Z') + i * 60,
    isAfter: i >= 30 ? 1 : 0,
    spans: 60,
  }));
  const errors = (minutes: number[], counts: number[]) => [
    {
      service: 'frontend',
      baselineOwn: 0,
      afterOwn: 0,
      baselinePropagated: 0,
      afterPropagated: 0,
      afterNamed: 0,
      exemplars: [],
      firstOwnError: '',
      ownMinutes: [],
      ownCounts: [],
      errorMinutes: minutes,
      errorCounts: counts,
    },
  ];

  it('moves the onset back to the first of the minutes before it whose errors already deviate', () => {
    // 1 error a minute is normal; from 09:58 every request fails.
    const normal = Array.from({ length: 28 }, (_, i) => minute('2026-03-01T09:30:00Z') + i * 60);
    const failing = [
      minute('2026-03-01T09:58:00Z'),
      minute('2026-03-01T09:59:00Z'),
      minute('2026-03-01T10:00:00Z'),
    ];
    const result = estimateOnset(
      window,
      ['frontend'],
      errors([...normal, ...failing], [...normal.map(() => 1), 60, 60, 60]),
      spanMinutes,
    );
    expect(result?.toISOString()).toBe('2026-03-01T09:58:00.000Z');
  });

  it('keeps the given onset when the minute before it looks normal, and never goes back more than 5 minutes', () => {
    expect(estimateOnset(window, ['frontend'], errors([], []), spanMinutes)).toBeUndefined();
    const all = spanMinutes.map((m) => m.minute);
    // Failing since 09:50 (and nothing normal after 09:55 to compare with): bounded at 09:55.
    const since = all.filter((m) => m >= minute('2026-03-01T09:50:00Z'));
    const result = estimateOnset(
      window,
      ['frontend'],
      errors(
        since,
        since.map(() => 60),
      ),
      spanMinutes,
    );
    expect(result?.toISOString()).toBe('2026-03-01T09:55:00.000Z');
    expect(
      estimateOnset(
        window,
        [],
        errors(
          since,
          since.map(() => 60),
        ),
        spanMinutes,
      ),
    ).toBeUndefined();
  });
});
