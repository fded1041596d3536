import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { OnboardingSection } from './onboarding-section.tsx';

afterEach(() => vi.unstubAllGlobals());

const rows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map((row) =>
      within(row)
        .queryAllByRole('cell')
        .map((cell) => cell.textContent),
    );

describe('OnboardingSection', () => {
  it('shows the median per template, per team and overall', async () => {
    stubApi({
      '/api/v1/onboarding-time': {
        overall: { services: 3, deployed: 2, medianOnboardingMs: 80 * 60_000 },
        byTemplate: [
          { key: 'node-service', services: 2, deployed: 1, medianOnboardingMs: 40 * 60_000 },
          { key: 'scheduled-job', services: 1, deployed: 1, medianOnboardingMs: 2 * 3_600_000 },
        ],
        byTeam: [{ key: 'team-orders', services: 3, deployed: 2, medianOnboardingMs: 80 * 60_000 }],
        services: [
          {
            service: 'invoices',
            template: 'node-service',
            team: 'team-orders',
            taskId: 't1',
            onboardingMs: 2_400_000,
          },
          {
            service: 'ledger',
            template: 'node-service',
            team: 'team-orders',
            taskId: 't2',
            onboardingMs: null,
          },
          {
            service: 'nightly',
            template: 'scheduled-job',
            team: 'team-orders',
            taskId: 't3',
            onboardingMs: 7_200_000,
          },
        ],
      },
    });
    render(
      <AppProviders>
        <OnboardingSection />
      </AppProviders>,
    );
    const perTemplate = await screen.findByRole('table', { name: 'Onboarding time per template' });
    expect(rows(perTemplate).slice(1)).toEqual([
      ['node-service', '2', '1', '40 min'],
      ['scheduled-job', '1', '1', '2.0 h'],
    ]);
    expect(rows(screen.getByRole('table', { name: 'Onboarding time per team' })).slice(1)).toEqual([
      ['team-orders', '3', '2', '1.3 h'],
    ]);
    expect(screen.getByText(/from a task's start/).textContent).toBe(
      "Median 1.3 h from a task's start to the service's first production deploy, over 2 of 3 services created from a template.",
    );
    expect(screen.getByText(/ledger/).closest('li')?.textContent).toBe(
      'ledger (node-service, team-orders): not deployed to production yet · task',
    );
  });

  it('says so when no service was created from a template', async () => {
    stubApi({
      '/api/v1/onboarding-time': {
        overall: { services: 0, deployed: 0, medianOnboardingMs: null },
        byTemplate: [],
        byTeam: [],
        services: [],
      },
    });
    render(
      <AppProviders>
        <OnboardingSection />
      </AppProviders>,
    );
    await screen.findByText('No service has been created from a template yet.');
  });
});
