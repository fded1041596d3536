import { fireEvent, render, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { rollbackAction, run } from './action-test-data.ts';
import { RunActionPage } from './run-action-page.tsx';

afterEach(() => vi.unstubAllGlobals());

/** The text of a select's chosen option (the generated form keeps option indexes as values). */
function selected(element: HTMLElement): string | undefined {
  return (element as HTMLSelectElement).selectedOptions[0]?.text;
}

function renderAt(path: string) {
  return render(
    <AppProviders path={path}>
      <Routes>
        <Route path="/actions/:id/run" element={<RunActionPage />} />
        <Route path="/runs/:id" element={<p>run page of the new run</p>} />
      </Routes>
    </AppProviders>,
  );
}

describe('RunActionPage', () => {
  it('generates the form from the inputs, prefilled from the address, and starts the run', async () => {
    const api = stubApi({
      '/api/v1/actions/rollback': rollbackAction(),
      '/api/v1/actions/rollback/runs': run({ id: 'run-7' }),
    });
    renderAt('/actions/rollback/run?service=payment&version=1.3.2');
    const version = await screen.findByRole('combobox', { name: /version/ });
    expect(api.requested).toEqual([
      '/api/v1/actions/rollback?service=payment',
      '/api/v1/config/objects/actions/rollback',
    ]);
    expect(document.querySelector('.badge-managed')).toBeNull();
    expect(selected(version)).toBe('1.3.2');
    expect([...(version as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      '',
      '1.4.0',
      '1.3.2',
      '1.3.1',
    ]);
    expect(selected(screen.getByRole('combobox', { name: /environment/ }))).toBe('production');
    expect((screen.getByRole('textbox', { name: 'Service' }) as HTMLInputElement).value).toBe('payment');
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await screen.findByText('run page of the new run');
    expect(api.sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/actions/rollback/runs',
        body: { service: 'payment', inputs: { environment: 'production', version: '1.3.2' } },
      },
    ]);
  });

  it('shows an action owned by a config source as read-only, with file:line linked to the forge', async () => {
    stubApi({
      '/api/v1/actions/rollback': rollbackAction(),
      '/api/v1/config/objects/actions/rollback': {
        source: 'git:https://github.com/shop/config.git#main:actions',
        path: 'actions/rollback.yaml',
        line: 3,
        url: 'https://github.com/shop/config/blob/1f2e3d4c/actions/rollback.yaml#L3',
      },
    });
    renderAt('/actions/rollback/run?service=payment&version=1.3.2');
    const link = await screen.findByRole('link', { name: 'actions/rollback.yaml:3' });
    expect(link.getAttribute('href')).toBe(
      'https://github.com/shop/config/blob/1f2e3d4c/actions/rollback.yaml#L3',
    );
    expect(link.closest('.badge-managed')?.textContent).toBe('Managed in git · actions/rollback.yaml:3');
  });

  it('links the run to the incident it was opened from', async () => {
    const api = stubApi({
      '/api/v1/actions/rollback': rollbackAction(),
      '/api/v1/actions/rollback/runs': run({ id: 'run-8', incidentId: 'inc-7' }),
    });
    renderAt('/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7');
    await screen.findByRole('combobox', { name: /version/ });
    expect(screen.getByRole('link', { name: 'the incident' }).getAttribute('href')).toBe('/incidents/inc-7');
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await screen.findByText('run page of the new run');
    expect(api.sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/actions/rollback/runs',
        body: {
          service: 'payment',
          inputs: { environment: 'production', version: '1.3.2' },
          incidentId: 'inc-7',
        },
      },
    ]);
  });

  it('disables the run with the server’s reason when the person may not run it', async () => {
    const reason = 'carol may not run rollback: team-storefront cannot run actions';
    const api = stubApi({
      '/api/v1/actions/rollback': rollbackAction({ mayRun: { allowed: false, reason } }),
    });
    renderAt('/actions/rollback/run?service=payment');
    expect((await screen.findByText(reason)).textContent).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start run' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.sent).toEqual([]);
  });

  it('asks for the service first when the address names none', async () => {
    stubApi({ '/api/v1/actions/rollback': rollbackAction({ mayRun: null }) });
    renderAt('/actions/rollback/run');
    expect((await screen.findByText('Choose the service to run it on.')).textContent).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start run' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the server’s refusal of an input, naming the field', async () => {
    // The page does not validate (Ajv needs eval, which the CSP forbids): the server's 400 is shown.
    const message = 'inputs.version: must match pattern "^[A-Za-z0-9._-]{1,128}$"';
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ error: { code: 'bad_request', message } }), { status: 400 });
      }
      const detail = rollbackAction({ pickers: { environment: ['production'], version: [] } });
      expect(String(input)).toBe('/api/v1/actions/rollback?service=payment');
      return new Response(JSON.stringify(detail), { status: 200 });
    });
    renderAt('/actions/rollback/run?service=payment&version=not%20a%20version');
    const version = await screen.findByRole('textbox', { name: /version/ });
    expect((version as HTMLInputElement).value).toBe('not a version');
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect((await screen.findByText(message)).textContent).toBe(message);
    expect(screen.getByText('The run was not started').textContent).toBeTruthy();
    expect(posted).toEqual([
      { service: 'payment', inputs: { environment: 'production', version: 'not a version' } },
    ]);
  });
});
