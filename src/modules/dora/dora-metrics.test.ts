import { describe, expect, it } from 'vitest';
import { classifyFailures, formatDuration, isRework } from './classify-failures.ts';
import { computeDora } from './compute-dora.ts';
import { deploymentFrequency } from './deployment-frequency.ts';
import { changeLeadTime } from './lead-time.ts';
import { failRateLevel, leadTimeLevel, recoveryLevel } from './levels.ts';
import { DAY_MS, type Deployment, type DoraIncident, HOUR_MS } from './model.ts';
import { median, percentile } from './percentile.ts';

const T0 = Date.UTC(2030, 0, 1);
const MIN = 60_000;

let seq = 0;
const deploy = (overrides: Partial<Deployment> & { atMs: number }): Deployment => ({
  id: `d${++seq}`,
  service: 'payment',
  kind: 'deploy',
  version: null,
  previousVersion: null,
  commitTimesMs: [],
  ...overrides,
});
const incident = (overrides: Partial<DoraIncident> & { startedAtMs: number }): DoraIncident => ({
  id: `i${++seq}`,
  title: 'Payment errors',
  services: ['payment'],
  resolvedAtMs: null,
  confidentSuspect: null,
  ...overrides,
});

describe('percentile', () => {
  it('interpolates like PERCENTILE_CONT', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(median([])).toBeNull();
  });
});

describe('deployment frequency', () => {
  const window = { fromMs: T0, toMs: T0 + 28 * DAY_MS };
  const onDays = (days: number[]) => days.map((day) => deploy({ atMs: T0 + day * DAY_MS + HOUR_MS }));

  it('is on demand when the median week has 3 deploy days', () => {
    // Weeks: 3 days, 3 days, 1 day, 4 days → median 3.
    const result = deploymentFrequency(onDays([0, 1, 2, 7, 8, 9, 14, 21, 22, 23, 24]), window);
    expect(result).toEqual({
      deployments: 11,
      perDay: 11 / 28,
      medianDeployDaysPerWeek: 3,
      bucket: 'on-demand',
    });
  });

  it('counts distinct days, not deployments', () => {
    const sameDay = [0, 0, 0, 7, 7, 7, 14, 14, 14, 21, 21, 21].map((day) =>
      deploy({ atMs: T0 + day * DAY_MS }),
    );
    const result = deploymentFrequency(sameDay, window);
    expect(result.medianDeployDaysPerWeek).toBe(1);
    expect(result.bucket).toBe('daily-to-weekly');
  });

  it('is weekly to monthly when most weeks have none but the month has one', () => {
    expect(deploymentFrequency(onDays([3, 10]), window).bucket).toBe('weekly-to-monthly');
  });

  it('is monthly to six-monthly when the median month has none', () => {
    const sixtyDays = { fromMs: T0, toMs: T0 + 60 * DAY_MS };
    expect(deploymentFrequency(onDays([3]), sixtyDays).bucket).toBe('monthly-to-six-monthly');
    expect(deploymentFrequency([], window)).toEqual({
      deployments: 0,
      perDay: 0,
      medianDeployDaysPerWeek: 0,
      bucket: 'monthly-to-six-monthly',
    });
  });
});

describe('change lead time', () => {
  it('takes median and p90 over every shipped commit', () => {
    const at = T0 + 10 * DAY_MS;
    const result = changeLeadTime([
      deploy({ atMs: at, commitTimesMs: [at - 1 * HOUR_MS, at - 3 * HOUR_MS] }),
      deploy({
        atMs: at + DAY_MS,
        commitTimesMs: [at + DAY_MS - 2 * HOUR_MS, at + DAY_MS - 4 * HOUR_MS, at + DAY_MS + MIN],
      }),
    ]);
    // Lead times 1 h, 3 h, 2 h, 4 h and 0 (commit dated after its deploy).
    expect(result).toEqual({ commits: 5, medianMs: 2 * HOUR_MS, p90Ms: 3.6 * HOUR_MS });
    expect(changeLeadTime([deploy({ atMs: at })])).toEqual({ commits: 0, medianMs: null, p90Ms: null });
  });
});

describe('levels', () => {
  it('follows the DORA 2024 thresholds', () => {
    expect([HOUR_MS, DAY_MS, 6 * DAY_MS, 7 * DAY_MS, 30 * DAY_MS].map(leadTimeLevel)).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'low',
    ]);
    expect([0, 5, 5.1, 20, 20.1, null].map(failRateLevel)).toEqual([
      'elite',
      'elite',
      'high',
      'high',
      'low',
      null,
    ]);
    expect([59 * MIN, HOUR_MS, DAY_MS, 7 * DAY_MS, null].map(recoveryLevel)).toEqual([
      'elite',
      'high',
      'medium',
      'low',
      null,
    ]);
  });
});

describe('failure attribution by evidence', () => {
  it('marks the confident top suspect of an incident, recovered when the incident resolved', () => {
    const bad = deploy({ atMs: T0, version: '1.4.0' });
    const failures = classifyFailures(
      [bad],
      [
        incident({
          id: 'inc-1',
          startedAtMs: T0 + 3 * MIN,
          resolvedAtMs: T0 + 50 * MIN,
          confidentSuspect: { changeId: bad.id, score: 0.62 },
        }),
      ],
    );
    expect(failures.get(bad.id)).toEqual({
      deployment: bad,
      reasons: [
        'deploy payment v1.4.0 is the confident top suspect (score 0.62) of incident inc-1 "Payment errors"',
      ],
      recoveredAtMs: T0 + 50 * MIN,
    });
  });

  it('marks a deploy rolled back to its previous version within 24 h, recovered at the rollback', () => {
    const good = deploy({ atMs: T0, version: '1.3.0' });
    const bad = deploy({ atMs: T0 + DAY_MS, version: '1.4.0' });
    const rollback = deploy({ id: 'rb', atMs: T0 + DAY_MS + 20 * MIN, kind: 'rollback', version: '1.3.0' });
    const failures = classifyFailures([rollback, bad, good], []);
    expect([...failures.keys()]).toEqual([bad.id]);
    expect(failures.get(bad.id)?.reasons).toEqual(['rolled back to v1.3.0 20 min later (rb)']);
    expect(failures.get(bad.id)?.recoveredAtMs).toBe(rollback.atMs);
  });

  it('does not blame a deploy for a rollback after 24 h, to another version, or of another service', () => {
    const late = [
      deploy({ atMs: T0, version: '2', previousVersion: '1' }),
      deploy({ atMs: T0 + DAY_MS + MIN, kind: 'rollback', version: '1' }),
    ];
    const elsewhere = [
      deploy({ atMs: T0, version: '2', previousVersion: '1' }),
      deploy({ atMs: T0 + MIN, kind: 'rollback', version: '0' }),
      deploy({ service: 'cart', atMs: T0 + MIN, kind: 'rollback', version: '1' }),
    ];
    expect(classifyFailures(late, []).size).toBe(0);
    expect(classifyFailures(elsewhere, []).size).toBe(0);
  });

  it('does not blame a deploy for an incident that merely started after it', () => {
    const failures = classifyFailures([deploy({ atMs: T0 })], [incident({ startedAtMs: T0 + 2 * MIN })]);
    expect(failures.size).toBe(0);
  });

  it('lists a hotfix made while the attributed incident was open, recovering at the hotfix', () => {
    const bad = deploy({ atMs: T0, version: '1.4.0' });
    const hotfix = deploy({ atMs: T0 + 2 * HOUR_MS, version: '1.4.1' });
    const open = incident({
      id: 'inc-2',
      startedAtMs: T0 + 5 * MIN,
      resolvedAtMs: T0 + 3 * HOUR_MS,
      confidentSuspect: { changeId: bad.id, score: 0.5 },
    });
    const failure = classifyFailures([bad, hotfix], [open]).get(bad.id);
    expect(failure?.reasons).toEqual([
      'deploy payment v1.4.0 is the confident top suspect (score 0.50) of incident inc-2 "Payment errors"',
      'deploy payment v1.4.1 followed 2 h later while incident inc-2 was open (hotfix)',
    ]);
    expect(failure?.recoveredAtMs).toBe(hotfix.atMs);
  });

  it('formats durations', () => {
    expect([45 * MIN, 3 * HOUR_MS + 20 * MIN, 2 * HOUR_MS].map(formatDuration)).toEqual([
      '45 min',
      '3 h 20 min',
      '2 h',
    ]);
  });
});

describe('rework', () => {
  it('counts rollbacks and deployments while an incident on the service or attributed to it is open', () => {
    const open = incident({ startedAtMs: T0, resolvedAtMs: T0 + HOUR_MS });
    const suspectOfCart = incident({
      services: ['frontend'],
      startedAtMs: T0,
      confidentSuspect: { changeId: 'cart-bad', score: 0.7 },
    });
    const serviceOf = (id: string) => (id === 'cart-bad' ? 'cart' : undefined);
    expect(isRework(deploy({ atMs: T0 - MIN, kind: 'rollback' }), [], serviceOf)).toBe(true);
    expect(isRework(deploy({ atMs: T0 + MIN }), [open], serviceOf)).toBe(true);
    expect(isRework(deploy({ atMs: T0 + HOUR_MS }), [open], serviceOf)).toBe(false);
    expect(isRework(deploy({ service: 'cart', atMs: T0 + MIN }), [suspectOfCart], serviceOf)).toBe(true);
    expect(isRework(deploy({ service: 'search', atMs: T0 + MIN }), [open, suspectOfCart], serviceOf)).toBe(
      false,
    );
  });
});

describe('computeDora', () => {
  it('gives the five metrics, their levels and the trend against the previous window', () => {
    const window = { fromMs: T0 + 7 * DAY_MS, toMs: T0 + 14 * DAY_MS };
    const at = (day: number, hour = 10) => T0 + day * DAY_MS + hour * HOUR_MS;
    const deployments = [
      // Previous window: one clean deploy with a 10 h lead time.
      deploy({ atMs: at(1), version: '1.0', commitTimesMs: [at(1) - 10 * HOUR_MS] }),
      // This window: four deploys on days 8, 9, 10, one rolled back.
      deploy({ atMs: at(8), version: '1.1', commitTimesMs: [at(8) - HOUR_MS] }),
      deploy({ id: 'bad', atMs: at(9), version: '1.2', commitTimesMs: [at(9) - 2 * HOUR_MS] }),
      deploy({ id: 'rb', atMs: at(9, 11), kind: 'rollback', version: '1.1' }),
      deploy({ atMs: at(10), version: '1.3', commitTimesMs: [at(10) - 3 * HOUR_MS] }),
      deploy({ service: 'cart', atMs: at(10), version: '7' }),
    ];
    const result = computeDora(deployments, [], window, (d) => d.service === 'payment');
    expect(result.services).toEqual(['payment']);
    expect(result.deploymentFrequency).toEqual({
      deployments: 4,
      perDay: 4 / 7,
      medianDeployDaysPerWeek: 3,
      bucket: 'on-demand',
      level: 'elite',
      previousPerDay: 1 / 7,
      trend: 'better',
    });
    expect(result.changeLeadTime).toEqual({
      commits: 3,
      medianMs: 2 * HOUR_MS,
      p90Ms: 2.8 * HOUR_MS,
      level: 'elite',
      previousMedianMs: 10 * HOUR_MS,
      trend: 'better',
    });
    expect(result.changeFailRate).toMatchObject({
      failed: 1,
      deployments: 4,
      percent: 25,
      level: 'low',
      previousPercent: 0,
      trend: 'worse',
    });
    expect(result.changeFailRate.failures).toEqual([
      {
        deploymentId: 'bad',
        service: 'payment',
        version: '1.2',
        at: new Date(at(9)).toISOString(),
        reasons: ['rolled back to v1.1 1 h later (rb)'],
        recoveredAt: new Date(at(9, 11)).toISOString(),
      },
    ]);
    expect(result.recoveryTime).toEqual({
      recovered: 1,
      unrecovered: 0,
      medianMs: HOUR_MS,
      level: 'high',
      previousMedianMs: null,
      trend: null,
    });
    expect(result.reworkRate).toEqual({
      rework: 1,
      deployments: 4,
      percent: 25,
      level: null,
      previousPercent: 0,
      trend: 'worse',
    });
    expect(result.weeks).toEqual([
      { start: new Date(window.fromMs).toISOString(), deployments: 4, failed: 1 },
    ]);
    // The window lies inside January 2030: one month, cut to the window.
    expect(result.months).toEqual([
      {
        start: new Date(window.fromMs).toISOString(),
        end: new Date(window.toMs).toISOString(),
        deployments: 4,
        failed: 1,
        changeFailPercent: 25,
      },
    ]);
  });
});
