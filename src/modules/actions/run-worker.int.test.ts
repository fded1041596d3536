import { afterEach, describe, expect, it } from 'vitest';
import { startAutomationReceiver } from '../../../test/actions/automation-receiver.ts';
import { stateDialects } from '../../../test/support/state-dialects.ts';
import { createLogger } from '../../kernel/logger.ts';
import { createAuditService, createAuditStore } from '../audit/index.ts';
import { createChangeService, createChangeStore } from '../changes/index.ts';
import { parseActionFile } from './action-files.ts';
import { createExecutorRegistry } from './executor-registry.ts';
import { createRunWorker } from './run-worker.ts';
import { createRunStore, type RunRow } from './runs.store.ts';

const SECRET = 'worker-test-secret-0123456789';

function queuedRow(id: string, service: string | null, actionId = 'sync'): RunRow {
  return {
    id,
    action_id: actionId,
    action_title: 'Sync',
    service,
    environment: 'production',
    active_service: service,
    inputs: JSON.stringify({ version: '1.3.2' }),
    state: 'queued',
    requested_by_id: 'user:grace',
    requested_by_name: 'Grace Hopper',
    requested_by_user_id: null,
    approval_required: 0,
    decided_by_id: null,
    decided_by_name: null,
    decision_comment: null,
    decided_at: null,
    warnings: '[]',
    links: '[]',
    message: null,
    change_id: null,
    timeout_seconds: 30,
    claimed_by: null,
    cancel_requested: 0,
    report: null,
    created_at: new Date().toISOString(),
    started_at: null,
    deadline_at: null,
    finished_at: null,
    incident_id: null,
  };
}

describe.each(await stateDialects())('action runs on $dialect', (fixture) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const state = await fixture.open();
    cleanups.push(() => state.dispose());
    const receiver = await startAutomationReceiver(SECRET);
    cleanups.push(() => receiver.close());
    const executors = createExecutorRegistry({
      signingSecret: SECRET,
      publicUrl: () => 'http://127.0.0.1:9',
    });
    const { actions, problems } = parseActionFile(
      'sync.yaml',
      `id: sync\ntitle: Sync\noperation: day-2\nrecords: deploy\nexecutor:\n  kind: webhook\n  settings:\n    url: ${receiver.url}/sync\n`,
      executors,
    );
    expect(problems).toEqual([]);
    const clock = { now: () => new Date() };
    const store = createRunStore(state.db);
    const audit = createAuditService({ store: createAuditStore(state.db), clock });
    const changes = createChangeService({
      store: createChangeStore(state.db),
      resolver: {
        resolve: async (target) => ({ service: target.by === 'name' ? target.name : null, mapped: true }),
      },
      clock,
    });
    /** One replica's worker: each has its own process-local state, all share the database. */
    const replica = (replicaId: string) =>
      createRunWorker({
        store,
        action: (id) => actions.find((action) => action.id === id),
        executors,
        audit,
        changes,
        emailOf: async () => null,
        incidents: { changed: async () => {} },
        replicaId,
        clock,
        logger: createLogger('silent'),
        pollIntervalMs: 50,
      });
    return { state, store, receiver, replica, changes };
  }

  it('executes a run once when three replicas race to claim it', async () => {
    const { store, receiver, replica, changes } = await setup();
    expect(await store.insert(queuedRow('run-1', 'payment'))).toBe(true);
    const replicas = [replica('replica-a'), replica('replica-b'), replica('replica-c')];
    await Promise.all(replicas.map((worker) => worker.execute('run-1')));
    expect(receiver.calls.map((call) => call.body.runId)).toEqual(['run-1']);
    const row = await store.findById('run-1');
    expect(row).toMatchObject({ state: 'succeeded', message: 'done at once', active_service: null });
    expect(['replica-a', 'replica-b', 'replica-c']).toContain(row?.claimed_by);
    const recorded = await changes.recentForService('payment');
    expect(recorded.map((change) => [change.source, change.kind, change.version, change.author])).toEqual([
      ['cairn-action', 'deploy', '1.3.2', 'Grace Hopper'],
    ]);
    expect(row?.change_id).toBe(recorded[0]?.id);
  });

  it('claims queued runs from the poll loop of whichever replica is free, each once', async () => {
    const { store, receiver, replica } = await setup();
    for (const [id, service] of [
      ['run-a', 'cart'],
      ['run-b', 'checkout'],
      ['run-c', null],
    ] as const) {
      expect(await store.insert(queuedRow(id, service))).toBe(true);
    }
    const workers = [replica('replica-a'), replica('replica-b')];
    for (const worker of workers) worker.start();
    const until = Date.now() + 10_000;
    while ((await store.list({ limit: 10, status: 'succeeded' })).length < 3 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const worker of workers) await worker.stop();
    expect((await store.list({ limit: 10, status: 'succeeded' })).map((row) => row.id).sort()).toEqual([
      'run-a',
      'run-b',
      'run-c',
    ]);
    expect(receiver.calls.map((call) => call.body.runId).sort()).toEqual(['run-a', 'run-b', 'run-c']);
  });

  it('keeps one active run per service, even when two inserts race', async () => {
    const { store } = await setup();
    const results = await Promise.all([
      store.insert(queuedRow('x-1', 'payment')),
      store.insert(queuedRow('x-2', 'payment')),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const active = await store.activeForService('payment');
    expect(await store.transition(active?.id ?? '', ['queued'], 'cancelled')).toBe(true);
    expect(await store.insert(queuedRow('x-3', 'payment'))).toBe(true);
    // A run without a service never collides.
    expect(await store.insert(queuedRow('x-4', null))).toBe(true);
    expect(await store.insert(queuedRow('x-5', null))).toBe(true);
  });

  it('appends log lines in order from two writers', async () => {
    const { store } = await setup();
    await store.insert(queuedRow('log-1', null));
    await Promise.all([
      store.appendLog('log-1', ['a1', 'a2'], new Date().toISOString()),
      store.appendLog('log-1', ['b1'], new Date().toISOString()),
      store.appendLog('log-1', ['c1', 'c2', 'c3'], new Date().toISOString()),
    ]);
    const lines = await store.logsAfter('log-1', 0);
    expect(lines.map((line) => line.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.map((line) => line.line).sort()).toEqual(['a1', 'a2', 'b1', 'c1', 'c2', 'c3']);
    expect((await store.logsAfter('log-1', 4)).map((line) => line.seq)).toEqual([5, 6]);
  });
});
