import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigSourceStatus } from '../../api/contracts.ts';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { ConfigSourcesPage } from './config-sources-page.tsx';

afterEach(() => vi.unstubAllGlobals());

const REFUSED: ConfigSourceStatus = {
  id: 'a1',
  kind: 'runbooks',
  label: 'git:https://github.com/shop/config.git#main:runbooks',
  type: 'git',
  state: 'invalid',
  revision: '9943c7083b127879',
  appliedRevision: '1f2e3d4c5b6a7980',
  appliedAt: '2026-12-06T10:00:00.000Z',
  checkedAt: '2026-12-06T10:05:00.000Z',
  objects: 3,
  problems: [{ file: 'runbooks/db.md', line: 14, message: 'query: Invalid option' }],
  error: null,
};

describe('ConfigSourcesPage', () => {
  it('shows a refused revision: the last good one running and each problem as file:line', async () => {
    stubApi({ '/api/v1/config/sources': { items: [REFUSED] } });
    render(
      <AppProviders path="/settings/config">
        <ConfigSourcesPage />
      </AppProviders>,
    );
    const card = await screen.findByRole('region', { name: `runbooks from ${REFUSED.label}` });
    expect(within(card).getByText('refused: the last good configuration runs')).toBeTruthy();
    expect(card.textContent).toContain('Running: 3 from 1f2e3d4c5b');
    expect(card.textContent).toContain('latest 9943c7083b');
    const problems = within(card).getByRole('list', { name: 'Problems' });
    expect(problems.textContent).toBe('runbooks/db.md:14 query: Invalid option');
  });
});

describe('ManagedByBadge', () => {
  it('links the file at its line when the forge is known, else names the path', () => {
    const { rerender } = render(
      <ManagedByBadge
        managedBy={{
          source: 'git:https://github.com/shop/config.git#main',
          path: 'catalog/cart.yaml',
          line: 3,
          url: 'https://github.com/shop/config/blob/abc/catalog/cart.yaml#L3',
        }}
      />,
    );
    const link = screen.getByRole('link', { name: 'catalog/cart.yaml:3' });
    expect(link.getAttribute('href')).toBe('https://github.com/shop/config/blob/abc/catalog/cart.yaml#L3');
    expect(link.parentElement?.textContent).toBe('Managed in git · catalog/cart.yaml:3');
    rerender(
      <ManagedByBadge managedBy={{ source: 'dir:/srv/runbooks', path: 'db.md', line: null, url: null }} />,
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('db.md').parentElement?.textContent).toBe('Managed in files · db.md');
  });
});
