import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeProvider } from '../../auth/me-context.tsx';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { person, rollbackAction, run } from './action-test-data.ts';
import { RunPage } from './run-page.tsx';

afterEach(() => vi.unstubAllGlobals());

/** A stand-in for the browser's EventSource (jsdom has none): the test sends the server's events. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? [])
      listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

function renderRun() {
  return render(
    <AppProviders path="/runs/run-1">
      <MeProvider>
        <Routes>
          <Route path="/runs/:id" element={<RunPage />} />
        </Routes>
      </MeProvider>
    </AppProviders>,
  );
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('RunPage', () => {
  it('lets a platform engineer approve someone else’s run with a comment', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const api = stubApi({
      '/api/v1/me': person(),
      '/api/v1/runs/run-1': run(),
      '/api/v1/actions/rollback': rollbackAction(),
      '/api/v1/runs/run-1/approve': run({ state: 'queued' }),
    });
    renderRun();
    await screen.findByText('Started by bob', { exact: false });
    await waitFor(() => expect(button('Approve').disabled).toBe(false));
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment' }), { target: { value: 'go ahead' } });
    fireEvent.click(button('Approve'));
    await waitFor(() =>
      expect(api.sent).toEqual([
        { method: 'POST', path: '/api/v1/runs/run-1/approve', body: { comment: 'go ahead' } },
      ]),
    );
  });

  it('refuses self-approval with the reason', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    stubApi({
      '/api/v1/me': person({ actorId: 'user:bob', name: 'bob' }),
      '/api/v1/runs/run-1': run(),
      '/api/v1/actions/rollback': rollbackAction(),
    });
    renderRun();
    expect(
      (await screen.findByText('You started this run; rollback does not allow self-approval')).textContent,
    ).toBeTruthy();
    expect(button('Approve').disabled).toBe(true);
    expect(button('Decline').disabled).toBe(true);
    expect(button('Cancel run').disabled).toBe(false);
  });

  it('streams the log of a running run and shows how it ended', async () => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    const running = run({
      state: 'running',
      decision: { by: { id: 'user:ada', name: 'ada' }, comment: 'ok', at: '2026-12-06T06:01:00.000Z' },
      log: [{ seq: 1, at: '2026-12-06T06:01:01.000Z', line: 'cloning deployments' }],
    });
    stubApi({ '/api/v1/me': person(), '/api/v1/runs/run-1': running });
    renderRun();
    await screen.findByText(/Approved by ada/);
    expect(screen.getByTestId('run-log').textContent).toBe('cloning deployments\n');
    const source = FakeEventSource.opened.at(-1);
    expect(source?.url).toBe('/api/v1/runs/run-1/logs');
    act(() => {
      // The stream starts from the first line again; lines already shown are not repeated.
      source?.emit('log', { seq: 1, at: '2026-12-06T06:01:01.000Z', line: 'cloning deployments' });
      source?.emit('log', { seq: 2, at: '2026-12-06T06:01:02.000Z', line: 'set image.tag to 1.3.2' });
    });
    expect(screen.getByTestId('run-log').textContent).toBe('cloning deployments\nset image.tag to 1.3.2\n');
    act(() => {
      source?.emit('end', {
        ...running,
        log: undefined,
        state: 'succeeded',
        message: 'pushed abc123 to main',
      });
    });
    expect((await screen.findByText('pushed abc123 to main')).textContent).toBeTruthy();
    expect(screen.getByText('succeeded').className).toContain('status-succeeded');
    expect(source?.closed).toBe(true);
    expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull();
    expect(screen.getByTestId('run-log').textContent).toBe('cloning deployments\nset image.tag to 1.3.2\n');
  });

  it('opens no stream for a run that has ended', async () => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    stubApi({
      '/api/v1/me': person(),
      '/api/v1/runs/run-1': run({ state: 'declined', message: 'declined by ada: not now' }),
    });
    renderRun();
    expect((await screen.findByText('declined by ada: not now')).textContent).toBeTruthy();
    expect(FakeEventSource.opened).toEqual([]);
    expect(screen.getByText('No log lines.').textContent).toBeTruthy();
  });
});
