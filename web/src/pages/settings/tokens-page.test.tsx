import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiToken, Me } from '../../api/types.ts';
import { MeProvider } from '../../auth/me-context.tsx';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { TokensPage } from './tokens-page.tsx';

const refused = (reason: string) => ({ allowed: false, reason });
/** Grace, a team-orders member signed in through OIDC: her role allows the operate scope. */
const GRACE: Me = {
  kind: 'person',
  name: 'Grace Hopper',
  actorId: 'user:u-grace',
  email: 'grace@example.com',
  role: 'member',
  teams: ['team-orders'],
  scope: 'operate',
  tokenId: null,
  session: { expiresAt: '2026-12-06T18:00:00.000Z', csrfToken: 'csrf' },
  can: {
    operateAnyService: refused('only the services of team-orders'),
    approve: refused('members do not approve'),
    configure: refused('members do not configure'),
    audit: refused('only platform and admin read the audit'),
  },
};

afterEach(() => vi.unstubAllGlobals());

function renderPage() {
  render(
    <AppProviders path="/settings/tokens">
      <MeProvider>
        <TokensPage />
      </MeProvider>
    </AppProviders>,
  );
}

describe('TokensPage', () => {
  it('lets a member create tokens up to their own scope and lists only theirs', async () => {
    const mine: ApiToken = {
      id: 'tok-9',
      name: 'grace-cli',
      scope: 'read',
      createdAt: '2026-12-01T10:00:00.000Z',
      createdBy: 'Grace Hopper',
      lastUsedAt: null,
      revokedAt: null,
    };
    stubApi({ '/api/v1/me': GRACE, '/api/v1/tokens': { items: [mine] } });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Your tokens' })).toBeTruthy();
    const scope = screen.getByLabelText('Scope');
    expect(
      within(scope)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['ingest', 'read', 'operate']);
    expect(await screen.findByText('grace-cli')).toBeTruthy();
  });

  it('says so when the person has no token yet', async () => {
    stubApi({ '/api/v1/me': GRACE, '/api/v1/tokens': { items: [] } });
    renderPage();
    expect(await screen.findByText('No token yet')).toBeTruthy();
  });
});
