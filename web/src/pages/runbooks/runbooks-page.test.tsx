import { render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runbook, RunbookInsights } from '../../api/runbooks.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { describeAppliesTo, describePath, formatMinutes } from './runbook-learnt.ts';
import { RunbookPage } from './runbook-page.tsx';
import { RunbooksPage } from './runbooks-page.tsx';

afterEach(() => vi.unstubAllGlobals());

const step = (id: string, title: string, extra: Partial<Runbook['steps'][number]> = {}) => ({
  id,
  title,
  line: 1,
  text: '',
  check: null,
  action: null,
  commands: [],
  links: [],
  escalateTo: null,
  branches: [],
  ...extra,
});

const errorRate: Runbook = {
  id: 'error-rate',
  title: 'Error rate or SLO burn on a service',
  owner: 'team-platform',
  appliesTo: {
    alerts: ['FrontendErrors', 'HighErrorRate'],
    labels: { category: 'errors' },
    services: [],
    tags: [],
    slo: true,
  },
  file: 'examples/runbooks/error-rate.md',
  steps: [
    step('deploy-before-onset', 'Deploy before onset?', {
      check: { query: 'deploy-before-onset', withinMinutes: 30, withinHours: 24, line: 3 },
    }),
    step('roll-back-the-deploy', 'Roll back the deploy', {
      action: { action: 'rollback', inputs: {}, line: 9 },
    }),
    step('escalate', 'Escalate', { escalateTo: '#incidents' }),
  ],
};

const insights: RunbookInsights = {
  runbooks: [
    {
      id: 'error-rate',
      incidents: 4,
      steps: [
        { stepId: 'deploy-before-onset', reached: 4, done: 0, skipped: 0, didNotHelp: 0, comments: [] },
        {
          stepId: 'roll-back-the-deploy',
          reached: 3,
          done: 2,
          skipped: 0,
          didNotHelp: 1,
          comments: ['rolled back at 02:14', 'errors stayed: it was the database'],
        },
        { stepId: 'escalate', reached: 1, done: 0, skipped: 1, didNotHelp: 0, comments: [] },
      ],
      fastestPath: { steps: ['deploy-before-onset', 'roll-back-the-deploy'], medianMinutesToResolve: 12.4 },
    },
    { id: 'disk-pressure', incidents: 0, steps: [], fastestPath: null },
  ],
  unmatched: [
    { rule: 'KafkaLag', incidents: 5 },
    { rule: 'CertExpiry', incidents: 1 },
  ],
};

describe('what was learnt, formatted', () => {
  it('says what a runbook applies to, its path by titles and minutes as people say them', () => {
    expect(describeAppliesTo(errorRate.appliesTo)).toBe(
      'alerts FrontendErrors, HighErrorRate · labels category=errors · SLO burn',
    );
    expect(describePath(errorRate, ['deploy-before-onset', 'roll-back-the-deploy'])).toBe(
      'Deploy before onset? → Roll back the deploy',
    );
    expect([0.5, 0.999, 12.4, 59.6, 125].map(formatMinutes)).toEqual([
      '30 s',
      '1 min',
      '12 min',
      '1 h',
      '2 h 5 min',
    ]);
  });
});

describe('RunbooksPage', () => {
  it('lists the runbooks with incidents walked and the fastest path, then the alert rules without a runbook', async () => {
    stubApi({
      '/api/v1/runbooks': {
        items: [
          {
            id: 'disk-pressure',
            title: 'Disk pressure',
            owner: 'team-platform',
            appliesTo: { alerts: ['NodeDiskPressure'], labels: {}, services: [], tags: [], slo: false },
            file: 'examples/runbooks/disk-pressure.md',
          },
          {
            id: 'error-rate',
            title: errorRate.title,
            owner: errorRate.owner,
            appliesTo: errorRate.appliesTo,
            file: errorRate.file,
          },
        ],
      },
      '/api/v1/runbooks/insights': insights,
    });
    render(
      <AppProviders path="/runbooks">
        <RunbooksPage />
      </AppProviders>,
    );
    const table = await screen.findByRole('table', { name: 'Runbooks' });
    await within(table).findByText('12 min median, 2 steps');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children, (cell) => cell.textContent));
    expect(rows).toEqual([
      ['Disk pressure', 'team-platform', 'alerts NodeDiskPressure', '0', '—'],
      [
        'Error rate or SLO burn on a service',
        'team-platform',
        'alerts FrontendErrors, HighErrorRate · labels category=errors · SLO burn',
        '4',
        '12 min median, 2 steps',
      ],
    ]);
    expect(
      within(table).getByRole('link', { name: 'Error rate or SLO burn on a service' }).getAttribute('href'),
    ).toBe('/runbooks/error-rate');
    const unmatched = screen.getByRole('table', {
      name: 'Alert rules of recent incidents no runbook matched',
    });
    expect(
      within(unmatched)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(['KafkaLag5', 'CertExpiry1']);
  });
});

describe('RunbookPage', () => {
  it('shows per step how often it was reached, marked and rated, and the fastest path by step titles', async () => {
    stubApi({ '/api/v1/runbooks/error-rate': errorRate, '/api/v1/runbooks/insights': insights });
    render(
      <AppProviders path="/runbooks/error-rate">
        <Routes>
          <Route path="/runbooks/:id" element={<RunbookPage />} />
        </Routes>
      </AppProviders>,
    );
    const learnt = await screen.findByRole('region', { name: 'What was learnt' });
    await within(learnt).findByText('Deploy before onset? → Roll back the deploy');
    expect(learnt.textContent).toBe(
      'What was learntWalked on 4 incidents. Fastest path to resolved: Deploy before onset? → Roll back the deploy (median 12 min).',
    );
    const rows = within(screen.getByRole('table', { name: 'Steps and how incidents used them' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children, (cell) => cell.textContent));
    expect(rows).toEqual([
      ['Deploy before onset?', 'check deploy-before-onset', '4 (100%)', '0', '0', '0', '—'],
      [
        'Roll back the deploy',
        'action rollback',
        '3 (75%)',
        '2',
        '0',
        '1',
        'rolled back at 02:14errors stayed: it was the database',
      ],
      ['Escalate', 'escalate', '1 (25%)', '0', '1', '0', '—'],
    ]);
  });

  it('shows a runbook owned by a config source as read-only, with file:line linked to the forge', async () => {
    stubApi({
      '/api/v1/runbooks/error-rate': errorRate,
      '/api/v1/runbooks/insights': insights,
      '/api/v1/config/objects/runbooks/error-rate': {
        source: 'git:https://github.com/shop/config.git#main:runbooks',
        path: 'runbooks/error-rate.md',
        line: 1,
        url: 'https://github.com/shop/config/blob/1f2e3d4c/runbooks/error-rate.md#L1',
      },
    });
    render(
      <AppProviders path="/runbooks/error-rate">
        <Routes>
          <Route path="/runbooks/:id" element={<RunbookPage />} />
        </Routes>
      </AppProviders>,
    );
    const link = await screen.findByRole('link', { name: 'runbooks/error-rate.md:1' });
    expect(link.getAttribute('href')).toBe(
      'https://github.com/shop/config/blob/1f2e3d4c/runbooks/error-rate.md#L1',
    );
    expect(link.closest('.badge-managed')?.textContent).toBe('Managed in git · runbooks/error-rate.md:1');
  });

  it('shows no badge for a runbook no config source owns', async () => {
    const { requested } = stubApi({
      '/api/v1/runbooks/error-rate': errorRate,
      '/api/v1/runbooks/insights': insights,
    });
    render(
      <AppProviders path="/runbooks/error-rate">
        <Routes>
          <Route path="/runbooks/:id" element={<RunbookPage />} />
        </Routes>
      </AppProviders>,
    );
    await screen.findByRole('region', { name: 'What was learnt' });
    await waitFor(() => expect(requested).toContain('/api/v1/config/objects/runbooks/error-rate'));
    expect(document.querySelector('.badge-managed')).toBeNull();
    expect(screen.getByText(errorRate.file)).toBeTruthy();
  });

  it('says so for a runbook that does not exist', async () => {
    stubApi({ '/api/v1/runbooks/insights': insights });
    render(
      <AppProviders path="/runbooks/nope">
        <Routes>
          <Route path="/runbooks/:id" element={<RunbookPage />} />
        </Routes>
      </AppProviders>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Runbook not found' })).toBeTruthy();
  });
});
