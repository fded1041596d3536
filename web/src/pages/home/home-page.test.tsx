import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../api/contracts.ts';
import type { Me } from '../../api/types.ts';
import { MeProvider } from '../../auth/me-context.tsx';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { HomePage } from './home-page.tsx';

const HOUR_MS = 3_600_000;

function change(id: string, service: string, version: string, hoursAgo: number): Change {
  const at = new Date(Date.now() - hoursAgo * HOUR_MS).toISOString();
  return {
    id,
    service,
    mapped: true,
    sourceRef: null,
    source: 'api',
    environment: 'production',
    kind: 'deploy',
    version,
    previousVersion: null,
    revision: null,
    commits: [],
    author: 'ci',
    status: 'succeeded',
    startedAt: null,
    finishedAt: at,
    at,
    url: null,
    description: null,
    recordedAt: at,
  };
}

/** The admin token's `GET /api/v1/me` answer, whole: a partial one hides shape drift. */
const allowed = { allowed: true, reason: null };
const ADMIN: Me = {
  kind: 'token',
  name: 'admin',
  actorId: 'token:tok-1',
  email: null,
  role: 'admin',
  teams: [],
  scope: 'admin',
  tokenId: 'tok-1',
  session: null,
  can: { operateAnyService: allowed, approve: allowed, configure: allowed, audit: allowed },
};

afterEach(() => vi.unstubAllGlobals());

describe('HomePage', () => {
  it('asks for the recent changes once and shows their rows', async () => {
    const api = stubApi({
      '/api/v1/me': ADMIN,
      '/api/v1/incidents': { items: [] },
      '/api/v1/changes': { items: [change('c1', 'payment', '2.4.1', 1), change('c2', 'cart', '1.9.0', 3)] },
      '/api/v1/alerts/noise': { from: new Date().toISOString(), to: new Date().toISOString(), items: [] },
      '/api/v1/service-graph': { nodes: [], edges: [] },
    });
    render(
      <AppProviders>
        <MeProvider>
          <HomePage />
        </MeProvider>
      </AppProviders>,
    );
    const recent = screen.getByRole('region', { name: 'Recent changes' });
    await within(recent).findByRole('link', { name: 'payment' });
    expect(within(recent).getByRole('link', { name: 'cart' })).toBeTruthy();
    expect(within(recent).getByText('2.4.1')).toBeTruthy();
    // Let any request an answer would trigger go out before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const changes = api.requested.filter((url) => url.startsWith('/api/v1/changes'));
    expect(changes).toHaveLength(1);
    const query = new URLSearchParams(changes[0]?.split('?')[1]);
    expect(Number(query.get('to')) - Number(query.get('from'))).toBe(24 * HOUR_MS);
    expect(query.get('limit')).toBe('8');
    // Every other section asked exactly once too.
    expect(api.requested.map((url) => url.split('?')[0]).sort()).toEqual([
      '/api/v1/alerts/noise',
      '/api/v1/changes',
      '/api/v1/incidents',
      '/api/v1/me',
      '/api/v1/service-graph',
    ]);
  });
});
