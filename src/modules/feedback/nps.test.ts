import { describe, expect, it } from 'vitest';
import { computeNpsReport, scoreNps, surveyDue } from './nps.ts';

const DAY = 24 * 3_600_000;
const T0 = Date.UTC(2030, 0, 1);

describe('scoreNps', () => {
  it('is % promoters (9–10) minus % detractors (0–6); 7 and 8 only count as responses', () => {
    expect(scoreNps([10, 9, 8, 7, 6, 0])).toEqual({
      responses: 6,
      promoters: 2,
      passives: 2,
      detractors: 2,
      nps: 0,
    });
    expect(scoreNps([9, 9, 9]).nps).toBe(100);
    expect(scoreNps([6, 6, 9]).nps).toBeCloseTo(-33.333, 3);
    expect(scoreNps([]).nps).toBeNull();
  });
});

describe('computeNpsReport', () => {
  it('trends per period counted back from `to`, each answer in the period it was given', () => {
    const report = computeNpsReport({
      answers: [
        { score: 10, teams: ['a'], csat: {}, atMs: T0 + DAY },
        { score: 0, teams: ['a'], csat: {}, atMs: T0 + 95 * DAY },
        { score: 9, teams: [], csat: {}, atMs: T0 + 100 * DAY },
        { score: 9, teams: [], csat: {}, atMs: T0 + 200 * DAY }, // after `to`: not counted
      ],
      ratings: [],
      capabilities: [],
      fromMs: T0,
      toMs: T0 + 180 * DAY,
      periodDays: 90,
    });
    expect(report.trend.map((p) => [p.start, p.responses, p.nps])).toEqual([
      [new Date(T0).toISOString(), 1, 100],
      [new Date(T0 + 90 * DAY).toISOString(), 2, 0],
    ]);
    expect(report.byTeam).toEqual([
      { team: 'a', responses: 2, promoters: 1, passives: 0, detractors: 1, nps: 0 },
    ]);
  });
});

describe('surveyDue', () => {
  const none = { lastAnsweredAtMs: null, dismissedAtMs: null, snoozedUntilMs: null };
  it('is due for someone never asked, and not again until a period after the answer', () => {
    expect(surveyDue(none, T0, 90)).toEqual({ due: true, nextAtMs: null });
    const answered = { ...none, lastAnsweredAtMs: T0 };
    expect(surveyDue(answered, T0 + 89 * DAY, 90)).toEqual({ due: false, nextAtMs: T0 + 90 * DAY });
    expect(surveyDue(answered, T0 + 90 * DAY, 90).due).toBe(true);
  });
  it('waits for the later of the period end and the snooze', () => {
    expect(surveyDue({ ...none, snoozedUntilMs: T0 + 7 * DAY }, T0, 90)).toEqual({
      due: false,
      nextAtMs: T0 + 7 * DAY,
    });
    expect(
      surveyDue({ ...none, dismissedAtMs: T0, snoozedUntilMs: T0 + DAY }, T0 + 2 * DAY, 90).nextAtMs,
    ).toBe(T0 + 90 * DAY);
  });
});
