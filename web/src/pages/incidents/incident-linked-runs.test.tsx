import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { run as runDetail } from '../actions/action-test-data.ts';
import { anyRunActive, IncidentLinkedRuns } from './incident-linked-runs.tsx';

afterEach(() => vi.unstubAllGlobals());

function linkedRun(overrides: Partial<Run> = {}): Run {
  const { log: _log, ...run } = runDetail({ id: 'r1', incidentId: 'inc-7', ...overrides });
  return run;
}

/**
 * Answers `/api/v1/runs` with each of `answers` in turn (the last one from then on), and the
 * incident with an empty shell; records every URL asked for.
 */
function stubRunsSequence(answers: Run[][]) {
  const requested: string[] = [];
  let next = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://cairn.test');
    requested.push(`${url.pathname}${url.search}`);
    const body =
      url.pathname === '/api/v1/runs'
        ? { items: answers[Math.min(next++, answers.length - 1)] }
        : { id: 'inc-7', timeline: [] };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return requested;
}

/** The incident page's own query, to see it fetched again when a run moves. */
function IncidentProbe() {
  useApiQuery<unknown>('/api/v1/incidents/inc-7');
  return null;
}

describe('anyRunActive', () => {
  it('holds while a run is queued, waiting or running, and not once all ended', () => {
    expect(anyRunActive([linkedRun({ state: 'succeeded' }), linkedRun({ state: 'running' })])).toBe(true);
    expect(anyRunActive([linkedRun({ state: 'waiting_for_approval' })])).toBe(true);
    expect(anyRunActive([linkedRun({ state: 'failed' }), linkedRun({ state: 'declined' })])).toBe(false);
    expect(anyRunActive(undefined)).toBe(false);
  });
});

describe('IncidentLinkedRuns', () => {
  it("lists the incident's runs with their state and how they ended, each linking its run page", async () => {
    const api = stubApi({
      '/api/v1/runs': {
        items: [
          linkedRun({
            id: 'r2',
            actionTitle: 'Roll back to a previous version',
            state: 'failed',
            message: 'deploy refused: quota exceeded',
            decision: { by: { id: 'user:pat', name: 'pat' }, comment: 'go', at: '2026-12-06T06:01:00.000Z' },
          }),
          linkedRun({ id: 'r1', actionTitle: 'Scale', service: 'email', state: 'declined', decision: null }),
        ],
      },
    });
    render(
      <AppProviders>
        <IncidentLinkedRuns incidentId="inc-7" />
      </AppProviders>,
    );
    const section = await screen.findByRole('region', { name: 'Runs from this incident' });
    expect(api.requested).toEqual(['/api/v1/runs?incident=inc-7']);
    const items = within(section).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('link').getAttribute('href'))).toEqual([
      '/runs/r2',
      '/runs/r1',
    ]);
    expect(within(items[0] as HTMLElement).getByRole('link').textContent).toBe(
      'Roll back to a previous version on payment',
    );
    expect(items[0]?.querySelector('.badge')?.textContent).toBe('failed');
    expect(items[0]?.textContent).toContain('by bob, approved by pat');
    expect(items[0]?.textContent).toContain('deploy refused: quota exceeded');
    expect(items[1]?.querySelector('.badge')?.textContent).toBe('declined');
  });

  it('shows nothing when no run was started from the incident', async () => {
    const api = stubApi({ '/api/v1/runs': { items: [] } });
    const { container } = render(
      <AppProviders>
        <IncidentLinkedRuns incidentId="inc-7" />
      </AppProviders>,
    );
    await waitFor(() => expect(api.requested).toEqual(['/api/v1/runs?incident=inc-7']));
    expect(container.textContent).toBe('');
  });

  it('follows a run live until it ends, then stops asking; the incident is fetched again as it moves', async () => {
    const requested = stubRunsSequence([
      [linkedRun({ state: 'waiting_for_approval' })],
      [linkedRun({ state: 'running' })],
      [linkedRun({ state: 'succeeded', message: 'done' })],
    ]);
    render(
      <AppProviders>
        <IncidentProbe />
        <IncidentLinkedRuns incidentId="inc-7" pollMs={30} />
      </AppProviders>,
    );
    const section = await screen.findByRole('region', { name: 'Runs from this incident' });
    await waitFor(() => expect(section.querySelector('.badge')?.textContent).toBe('succeeded'));
    expect(section.textContent).toContain('done');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const runsRequests = requested.filter((url) => url.startsWith('/api/v1/runs'));
    expect(runsRequests).toEqual(Array(3).fill('/api/v1/runs?incident=inc-7'));
    // Once on load, then once per state change seen (running, succeeded).
    expect(requested.filter((url) => url === '/api/v1/incidents/inc-7')).toHaveLength(3);
  });
});
