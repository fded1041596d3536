import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../../test-api.tsx';
import type { TemplateSummary } from './create-page.tsx';
import { TemplateFormPage } from './template-form-page.tsx';

afterEach(() => vi.unstubAllGlobals());

const template: TemplateSummary = {
  name: 'node-service',
  title: 'Node.js HTTP service',
  description: 'An HTTP service',
  tags: [],
  owner: null,
  type: 'service',
  pickers: ['EntityNamePicker', 'OwnerPicker', 'RepoUrlPicker'],
  steps: [],
  parameters: [
    {
      title: 'The service',
      required: ['name', 'owner'],
      properties: {
        name: { title: 'Name', type: 'string', 'ui:field': 'EntityNamePicker' },
        owner: { title: 'Owner', type: 'string', 'ui:field': 'OwnerPicker' },
        tier: { title: 'Tier', type: 'string', enum: ['tier-1', 'tier-2'], default: 'tier-2' },
      },
    },
    {
      required: ['repoUrl'],
      properties: { repoUrl: { title: 'Repository', type: 'string', 'ui:field': 'RepoUrlPicker' } },
    },
  ],
};

describe('TemplateFormPage', () => {
  it('shows a template owned by a config source as read-only, with file:line linked to the forge', async () => {
    stubApi({
      '/api/v1/templates/node-service': template,
      '/api/v1/teams': { items: [{ name: 'team-orders' }] },
      '/api/v1/config/objects/templates/node-service': {
        source: 'git:https://github.com/shop/config.git#main:templates',
        path: 'templates/node-service/template.yaml',
        line: 1,
        url: 'https://github.com/shop/config/blob/1f2e3d4c/templates/node-service/template.yaml#L1',
      },
    });
    render(
      <AppProviders path="/create/node-service">
        <Routes>
          <Route path="/create/:name" element={<TemplateFormPage />} />
        </Routes>
      </AppProviders>,
    );
    const link = await screen.findByRole('link', { name: 'templates/node-service/template.yaml:1' });
    expect(link.getAttribute('href')).toBe(
      'https://github.com/shop/config/blob/1f2e3d4c/templates/node-service/template.yaml#L1',
    );
    expect(link.closest('.badge-managed')?.textContent).toBe(
      'Managed in git · templates/node-service/template.yaml:1',
    );
  });

  it('keeps every field when a picker changes, and starts the task with all the values', async () => {
    const api = stubApi({
      '/api/v1/templates/node-service': template,
      '/api/v1/teams': { items: [{ name: 'team-orders' }, { name: 'team-web' }] },
      '/api/v1/templates/node-service/tasks': { id: 'task-1' },
    });
    const { container } = render(
      <AppProviders path="/create/node-service">
        <Routes>
          <Route path="/create/:name" element={<TemplateFormPage />} />
          <Route path="/create/tasks/:id" element={<p>task page</p>} />
        </Routes>
      </AppProviders>,
    );
    const field = (id: string) => container.querySelector(`#${id}`) as HTMLInputElement;
    await screen.findByText('team-orders');
    const name = field('root_name');
    fireEvent.change(name, { target: { value: 'invoices' } });
    const owner = screen.getByText('Choose a team').parentElement as HTMLSelectElement;
    fireEvent.change(owner, { target: { value: 'group:default/team-orders' } });
    fireEvent.change(field('root_repoUrl-host'), { target: { value: 'git.test' } });
    fireEvent.change(field('root_repoUrl-owner'), { target: { value: 'team-orders' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Repository' }), { target: { value: 'invoices' } });
    expect(name.value).toBe('invoices');
    expect(owner.value).toBe('group:default/team-orders');

    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByText('task page');
    await waitFor(() =>
      expect(api.sent).toEqual([
        {
          method: 'POST',
          path: '/api/v1/templates/node-service/tasks',
          body: {
            values: {
              name: 'invoices',
              owner: 'group:default/team-orders',
              tier: 'tier-2',
              repoUrl: 'git.test?owner=team-orders&repo=invoices',
            },
          },
        },
      ]),
    );
  });
});
