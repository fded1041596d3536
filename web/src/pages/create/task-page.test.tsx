import { act, render, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { entityLink } from './task-output.tsx';
import { TaskPage, type TemplateTask } from './task-page.tsx';

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

const steps = [
  { id: 'publish', name: 'Publish the repository', action: 'publish:git', status: 'done' },
  { id: 'first-deploy', name: 'First deploy', action: 'cairn:action', status: 'running' },
];

function task(overrides: Partial<TemplateTask> = {}): TemplateTask {
  return {
    id: 'task-1',
    template: 'node-service',
    status: 'running',
    steps,
    error: null,
    output: null,
    actionRuns: [
      {
        stepId: 'first-deploy',
        runId: 'r42',
        actionId: 'deploy',
        state: 'waiting_for_approval',
        message: null,
      },
    ],
    ...overrides,
  };
}

const line = (seq: number, stepId: string | null, message: string) => ({
  seq,
  at: `2026-12-06T10:00:0${seq}.000Z`,
  stepId,
  level: 'info',
  message,
});

describe('TaskPage', () => {
  it('shows log lines as they stream, links the run waiting for approval, then the output', async () => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    stubApi({ '/api/v1/tasks/task-1': task() });
    render(
      <AppProviders path="/create/tasks/task-1">
        <Routes>
          <Route path="/create/tasks/:id" element={<TaskPage />} />
        </Routes>
      </AppProviders>,
    );
    const runs = await screen.findByRole('region', { name: 'Action runs' });
    expect(within(runs).getByRole('link', { name: 'deploy (r42)' }).getAttribute('href')).toBe('/runs/r42');
    expect(runs.textContent).toContain('waiting for approval');

    const source = FakeEventSource.opened.at(-1);
    expect(source?.url).toBe('/api/v1/tasks/task-1/events');
    act(() => source?.emit('log', line(1, 'publish', 'Finished step Publish the repository')));
    const log = screen.getByTestId('task-log');
    expect(log.textContent).toBe('10:00:01 [publish] Finished step Publish the repository');
    act(() => source?.emit('log', line(2, 'first-deploy', 'Run r42 of deploy is waiting for approval')));
    act(() => source?.emit('log', line(2, 'first-deploy', 'Run r42 of deploy is waiting for approval')));
    expect(log.textContent).toBe(
      '10:00:01 [publish] Finished step Publish the repository\n10:00:02 [first-deploy] Run r42 of deploy is waiting for approval',
    );

    act(() =>
      source?.emit(
        'end',
        task({
          status: 'succeeded',
          steps: steps.map((s) => ({ ...s, status: 'done' })),
          actionRuns: [
            { stepId: 'first-deploy', runId: 'r42', actionId: 'deploy', state: 'succeeded', message: 'done' },
          ],
          output: {
            links: [
              { title: 'Repository', url: 'https://git.example/team-orders/invoices' },
              { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/invoices' },
            ],
            text: [{ title: 'Next steps', content: 'Set the CAIRN_TOKEN secret.' }],
          },
        }),
      ),
    );
    expect(source?.closed).toBe(true);
    const output = screen.getByRole('region', { name: 'Output' });
    expect(within(output).getByRole('link', { name: 'Repository' }).getAttribute('href')).toBe(
      'https://git.example/team-orders/invoices',
    );
    expect(within(output).getByRole('link', { name: 'Open in catalog' }).getAttribute('href')).toBe(
      '/services/invoices',
    );
    expect(within(output).getByRole('heading', { name: 'Next steps' })).toBeTruthy();
    expect(output.textContent).toContain('Set the CAIRN_TOKEN secret.');
    expect(screen.getByRole('region', { name: 'Action runs' }).textContent).toContain('succeeded');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('links an entity ref to its service page', () => {
    expect(entityLink('component:default/invoices')).toBe('/services/invoices');
    expect(entityLink('invoices')).toBe('/services/invoices');
    expect(entityLink('component:invoices')).toBe('/services/invoices');
  });
});
