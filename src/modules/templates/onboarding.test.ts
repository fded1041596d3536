import { describe, expect, it } from 'vitest';
import { median, onboardingReport } from './onboarding.ts';
import type { StoredTask } from './task.store.ts';

const HOUR_MS = 3_600_000;

function task(overrides: Partial<StoredTask> & Pick<StoredTask, 'id' | 'service' | 'startedAt'>): StoredTask {
  return {
    template: 'node-service',
    status: 'succeeded',
    parameters: {},
    createdBy: 'user:grace',
    user: null,
    team: 'team-orders',
    createdAt: overrides.startedAt ?? '2026-12-01T00:00:00.000Z',
    finishedAt: null,
    failedStep: null,
    failedStepIndex: null,
    error: null,
    stepOutputs: {},
    output: null,
    attempts: 1,
    actionRuns: [],
    ...overrides,
  };
}

/** Each service's successful production deploys, as the change records hold them. */
const deploys: Record<string, string[]> = {
  invoices: ['2026-12-01T09:40:00.000Z', '2026-12-01T12:00:00.000Z'],
  ledger: ['2026-12-02T11:00:00.000Z'],
  receipts: ['2026-12-03T10:30:00.000Z'],
  // Deployed before the task that created it: not onboarding, not counted.
  legacy: ['2026-11-01T00:00:00.000Z'],
  nightly: ['2026-12-04T14:00:00.000Z'],
};

async function firstDeployAfter(service: string, since: string): Promise<string | null> {
  return (deploys[service] ?? []).filter((at) => at >= since).sort()[0] ?? null;
}

describe('onboarding time', () => {
  it('measures each created service from its task start to its first production deploy, with medians per template, team and overall', async () => {
    const report = await onboardingReport(
      [
        task({ id: 't1', service: 'invoices', startedAt: '2026-12-01T09:00:00.000Z' }),
        // invoices created again later: the first successful task counts.
        task({ id: 't1b', service: 'invoices', startedAt: '2026-12-01T11:00:00.000Z' }),
        task({ id: 't2', service: 'ledger', startedAt: '2026-12-02T09:00:00.000Z' }),
        task({ id: 't3', service: 'receipts', startedAt: '2026-12-03T10:00:00.000Z', team: 'team-billing' }),
        task({ id: 't4', service: 'legacy', startedAt: '2026-12-03T00:00:00.000Z', team: 'team-billing' }),
        task({
          id: 't5',
          service: 'nightly',
          template: 'scheduled-job',
          startedAt: '2026-12-04T10:00:00.000Z',
        }),
        // A failed task created nothing to onboard.
        task({ id: 't6', service: 'broken', status: 'failed', startedAt: '2026-12-04T10:00:00.000Z' }),
        // The owner was unknown when the task ended.
        task({ id: 't7', service: 'orphan', team: null, startedAt: '2026-12-05T10:00:00.000Z' }),
      ],
      firstDeployAfter,
    );
    expect(report.services).toEqual([
      {
        service: 'invoices',
        template: 'node-service',
        team: 'team-orders',
        taskId: 't1',
        taskStartedAt: '2026-12-01T09:00:00.000Z',
        firstProductionDeployAt: '2026-12-01T09:40:00.000Z',
        onboardingMs: 40 * 60_000,
      },
      {
        service: 'ledger',
        template: 'node-service',
        team: 'team-orders',
        taskId: 't2',
        taskStartedAt: '2026-12-02T09:00:00.000Z',
        firstProductionDeployAt: '2026-12-02T11:00:00.000Z',
        onboardingMs: 2 * HOUR_MS,
      },
      {
        service: 'legacy',
        template: 'node-service',
        team: 'team-billing',
        taskId: 't4',
        taskStartedAt: '2026-12-03T00:00:00.000Z',
        firstProductionDeployAt: null,
        onboardingMs: null,
      },
      {
        service: 'nightly',
        template: 'scheduled-job',
        team: 'team-orders',
        taskId: 't5',
        taskStartedAt: '2026-12-04T10:00:00.000Z',
        firstProductionDeployAt: '2026-12-04T14:00:00.000Z',
        onboardingMs: 4 * HOUR_MS,
      },
      {
        service: 'orphan',
        template: 'node-service',
        team: null,
        taskId: 't7',
        taskStartedAt: '2026-12-05T10:00:00.000Z',
        firstProductionDeployAt: null,
        onboardingMs: null,
      },
      {
        service: 'receipts',
        template: 'node-service',
        team: 'team-billing',
        taskId: 't3',
        taskStartedAt: '2026-12-03T10:00:00.000Z',
        firstProductionDeployAt: '2026-12-03T10:30:00.000Z',
        onboardingMs: 30 * 60_000,
      },
    ]);
    // node-service: 40 min, 2 h, 30 min deployed → median 40 min; scheduled-job: 4 h.
    expect(report.byTemplate).toEqual([
      { key: 'node-service', services: 5, deployed: 3, medianOnboardingMs: 40 * 60_000 },
      { key: 'scheduled-job', services: 1, deployed: 1, medianOnboardingMs: 4 * HOUR_MS },
    ]);
    // team-orders: 40 min, 2 h, 4 h → 2 h; team-billing: 30 min only.
    expect(report.byTeam).toEqual([
      { key: '(no team)', services: 1, deployed: 0, medianOnboardingMs: null },
      { key: 'team-billing', services: 2, deployed: 1, medianOnboardingMs: 30 * 60_000 },
      { key: 'team-orders', services: 3, deployed: 3, medianOnboardingMs: 2 * HOUR_MS },
    ]);
    // Overall: 30 min, 40 min, 2 h, 4 h → (40 min + 2 h) / 2 = 80 min.
    expect(report.overall).toEqual({ services: 6, deployed: 4, medianOnboardingMs: 80 * 60_000 });
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([1, 2])).toBe(2);
  });
});
