import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActionSummary } from '../../api/contracts.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { RollbackButton, rollbackActionOf } from './incident-actions.tsx';

afterEach(() => vi.unstubAllGlobals());

function action(id: string, title: string, target: 'service' | 'none' = 'service'): ActionSummary {
  return {
    id,
    title,
    description: '',
    target,
    operation: 'day-2',
    executor: 'gitops',
    approval: 'never',
    approvalWhen: null,
    source: `actions/${id}.yaml:1`,
  };
}

describe('rollbackActionOf', () => {
  it('prefers the action with id rollback, else one whose id or title says roll back', () => {
    const deploy = action('deploy', 'Deploy a version');
    expect(
      rollbackActionOf([deploy, action('argocd-rollback', 'Argo CD'), action('rollback', 'R')])?.id,
    ).toBe('rollback');
    expect(rollbackActionOf([deploy, action('undo', 'Roll back the release')])?.id).toBe('undo');
    expect(rollbackActionOf([deploy, action('rollback', 'R', 'none')])).toBeNull();
  });
});

describe('RollbackButton', () => {
  it('names the incident in the run form it opens, so the run is linked to it', async () => {
    stubApi({ '/api/v1/actions': { items: [action('rollback', 'Roll back')], problems: [] } });
    render(
      <AppProviders>
        <RollbackButton
          rollback={{ type: 'rollback', service: 'payment', fromVersion: '1.4.0', toVersion: '1.3.2' }}
          incidentId="inc-7"
        />
      </AppProviders>,
    );
    const link = await screen.findByRole('link', { name: 'Roll back payment to 1.3.2' });
    expect(link.getAttribute('href')).toBe(
      '/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7',
    );
  });

  it('links the proposed rollback to the action’s run form, prefilled', async () => {
    stubApi({ '/api/v1/actions': { items: [action('rollback', 'Roll back')], problems: [] } });
    render(
      <AppProviders>
        <RollbackButton
          rollback={{ type: 'rollback', service: 'payment', fromVersion: '1.4.0', toVersion: '1.3.2' }}
        />
      </AppProviders>,
    );
    const link = await screen.findByRole('link', { name: 'Roll back payment to 1.3.2' });
    expect(link.getAttribute('href')).toBe('/actions/rollback/run?service=payment&version=1.3.2');
  });

  it('says so when no action rolls back', async () => {
    stubApi({ '/api/v1/actions': { items: [action('deploy', 'Deploy')], problems: [] } });
    render(
      <AppProviders>
        <RollbackButton
          rollback={{ type: 'rollback', service: 'payment', fromVersion: '1.4.0', toVersion: '1.3.2' }}
        />
      </AppProviders>,
    );
    expect(
      (await screen.findByText('No rollback action is defined; roll back with your deploy tool.'))
        .textContent,
    ).toBeTruthy();
  });
});
