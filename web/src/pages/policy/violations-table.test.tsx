import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PolicyViolation } from '../../api/contracts.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { ViolationsTable } from './violations-table.tsx';

const violation: PolicyViolation = {
  id: 'v1',
  source: 'admission',
  resource: { kind: 'Pod', namespace: 'shop', name: 'checkout-7d9f' },
  service: 'checkout',
  team: 'team-orders',
  policy: 'pss-baseline',
  outcome: 'fail',
  actions: ['Deny'],
  message: 'Privileged containers are disallowed (securityContext.privileged).',
  exception: null,
  fix: 'Run containers unprivileged.',
  open: true,
  firstSeen: '2026-12-06T05:00:00.000Z',
  lastSeen: '2026-12-06T05:10:00.000Z',
  resolvedAt: null,
};

afterEach(() => vi.unstubAllGlobals());

describe('ViolationsTable', () => {
  it("asks for the team's open violations and shows resource, service, policy, message and fix", async () => {
    const api = stubApi({ '/api/v1/policy/violations': { items: [violation] } });
    render(
      <AppProviders>
        <ViolationsTable team="team-orders" />
      </AppProviders>,
    );
    const table = await screen.findByRole('table', { name: 'Open policy violations' });
    const [, row] = within(table).getAllByRole('row');
    expect(
      within(row as HTMLElement)
        .getAllByRole('cell')
        .slice(0, 5)
        .map((cell) => cell.textContent),
    ).toEqual([
      'Pod shop/checkout-7d9f',
      'checkout',
      'pss-baseline Deny',
      'Privileged containers are disallowed (securityContext.privileged).',
      'Run containers unprivileged.',
    ]);
    expect(api.requested).toEqual(['/api/v1/policy/violations?open=true&team=team-orders']);
  });

  it('says so when nothing is open', async () => {
    stubApi({ '/api/v1/policy/violations': { items: [] } });
    render(
      <AppProviders>
        <ViolationsTable team="" />
      </AppProviders>,
    );
    expect(await screen.findByText('No open violation')).toBeTruthy();
  });
});
