import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { RecentTasksSection } from './recent-tasks-section.tsx';

afterEach(() => vi.unstubAllGlobals());

const task = (id: string, extra: Record<string, unknown>) => ({
  id,
  template: 'node-service',
  status: 'succeeded',
  createdBy: 'user:grace',
  createdAt: '2026-12-06T10:00:00.000Z',
  service: null,
  parameters: {},
  ...extra,
});

describe('RecentTasksSection', () => {
  it('links each task by the service it made, the name it was given, or its template', async () => {
    const api = stubApi({
      '/api/v1/tasks': {
        items: [
          task('t3', { status: 'running', parameters: { name: 'ledger' } }),
          task('t2', { service: 'invoices', parameters: { name: 'invoices' } }),
          task('t1', { status: 'failed', template: 'scheduled-job' }),
        ],
      },
    });
    render(
      <AppProviders>
        <RecentTasksSection />
      </AppProviders>,
    );
    const ledger = await screen.findByRole('link', { name: 'ledger' });
    expect(ledger.getAttribute('href')).toBe('/create/tasks/t3');
    expect(ledger.closest('li')?.textContent).toContain('running');
    expect(screen.getByRole('link', { name: 'invoices' }).getAttribute('href')).toBe('/create/tasks/t2');
    expect(screen.getByRole('link', { name: 'scheduled-job' }).closest('li')?.textContent).toContain(
      'failed',
    );
    expect(api.requested).toContain('/api/v1/tasks?limit=10');
  });

  it('says so when no task has run', async () => {
    stubApi({ '/api/v1/tasks': { items: [] } });
    render(
      <AppProviders>
        <RecentTasksSection />
      </AppProviders>,
    );
    await screen.findByText('No task has run yet.');
  });
});
