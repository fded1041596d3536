import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArgoCdExecutor } from '../../../src/modules/actions/executors/argocd/argocd.executor.ts';
import {
  type ArgoCdSettings,
  ArgoCdSettingsSchema,
} from '../../../src/modules/actions/executors/argocd/argocd.settings.ts';
import { builtInExecutors } from '../../../src/modules/actions/executors/index.ts';
import { type FakeArgoApp, type FakeArgoCd, startFakeArgoCd } from '../fakes/argocd-api.fake.ts';
import { executionContext, logged } from './execution-context.ts';

const TOKEN = 'argocd-test-token';

function paymentApp(overrides: Partial<FakeArgoApp> = {}): FakeArgoApp {
  return {
    name: 'payment-production',
    autoSync: false,
    revision: 'c0ffee4000000000000000000000000000000140',
    sync: 'Synced',
    health: 'Healthy',
    history: [
      { id: 11, revision: 'a1b2c3d000000000000000000000000000000132', deployedAt: '2026-12-01T10:00:00Z' },
      { id: 12, revision: 'c0ffee4000000000000000000000000000000140', deployedAt: '2026-12-06T04:30:00Z' },
    ],
    ...overrides,
  };
}

describe('Argo CD executor against a fake Argo CD API', () => {
  let argocd: FakeArgoCd;
  const executor = createArgoCdExecutor({ env: { ARGOCD_TOKEN: TOKEN } });
  const settings = (input: Record<string, unknown>): ArgoCdSettings =>
    ArgoCdSettingsSchema.parse({
      server: argocd.url,
      application: 'payment-production',
      pollIntervalMs: 10,
      ...input,
    });

  beforeEach(async () => {
    argocd = await startFakeArgoCd({ token: TOKEN, apps: [paymentApp()] });
  });
  afterEach(() => argocd.close());

  it('is registered as the built-in "argocd" executor', () => {
    expect(builtInExecutors.argocd?.kind).toBe('argocd');
  });

  it('syncs to a revision with prune and waits for Synced and Healthy (fake Argo CD)', async () => {
    const context = executionContext(
      settings({ operation: 'sync', revision: 'main', prune: true, version: '1.4.1' }),
    );
    const outcome = await executor.execute(context);

    const posts = argocd.server.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => [request.path, request.json])).toEqual([
      [
        '/api/v1/applications/payment-production/sync',
        { name: 'payment-production', revision: 'main', prune: true },
      ],
    ]);
    expect(posts[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(argocd.apps.get('payment-production')).toMatchObject({
      sync: 'Synced',
      health: 'Healthy',
      revision: 'main',
    });
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'Argo CD synced payment-production to main',
      // The revision Argo CD reports it synced (operationState.syncResult.revision; the fake echoes the request's).
      change: { summary: 'synced payment-production to main', version: '1.4.1', revision: 'main' },
    });
    expect(context.links).toEqual([
      {
        title: 'Argo CD application payment-production',
        url: `${argocd.url}/applications/payment-production`,
      },
    ]);
    expect(context.logs).toEqual([
      'Asking Argo CD to sync payment-production to main with prune',
      'payment-production: operation Running, sync Synced, health Progressing',
      'payment-production: operation Succeeded, sync Synced, health Progressing',
      'Argo CD: successfully synced (all tasks run)',
      'payment-production: operation Succeeded, sync Synced, health Healthy',
    ]);
  });

  it('rolls back to the previous history entry and waits for Healthy, not Synced (fake Argo CD)', async () => {
    const context = executionContext(settings({ operation: 'rollback', historyId: 'previous' }));
    const outcome = await executor.execute(context);
    const rollback = argocd.server.requests.find((request) => request.path.endsWith('/rollback'));
    expect(rollback?.json).toEqual({ name: 'payment-production', id: 11, prune: false });
    expect(argocd.apps.get('payment-production')).toMatchObject({
      sync: 'OutOfSync',
      health: 'Healthy',
      revision: 'a1b2c3d000000000000000000000000000000132',
    });
    expect(outcome.message).toBe(
      'Argo CD rolled back payment-production to history id 11 (revision a1b2c3d000000000000000000000000000000132)',
    );
    // The change record carries the revision rolled back to: Argo CD's sync report links to it.
    expect(outcome.change).toEqual({
      summary:
        'rolled back payment-production to history id 11 (revision a1b2c3d000000000000000000000000000000132)',
      revision: 'a1b2c3d000000000000000000000000000000132',
    });
  });

  it('rolls back to a history id given as an input, or to a deployed revision', async () => {
    await executor.execute(executionContext(settings({ operation: 'rollback', historyId: '11' })));
    expect(argocd.server.requests.find((request) => request.path.endsWith('/rollback'))?.json).toMatchObject({
      id: 11,
    });
    await expect(
      executor.execute(executionContext(settings({ operation: 'rollback', historyId: 99 }))),
    ).rejects.toThrow(
      'payment-production has no history id 99 in Argo CD (history: 11 (a1b2c3d00000), 12 (c0ffee400000), 13 (a1b2c3d00000))',
    );
    await executor.execute(executionContext(settings({ operation: 'rollback', revision: 'c0ffee4' })));
    expect(
      argocd.server.requests.filter((request) => request.path.endsWith('/rollback')).at(-1)?.json,
    ).toMatchObject({ id: 12 });
  });

  it('refuses a rollback while auto-sync is on, says so and offers the GitOps way, sending nothing (fake Argo CD)', async () => {
    argocd.apps.set('payment-production', paymentApp({ autoSync: true }));
    const context = executionContext(settings({ operation: 'rollback', historyId: 'previous' }));
    await expect(executor.execute(context)).rejects.toThrow(
      'Argo CD refuses to roll back payment-production while auto-sync is on (spec.syncPolicy.automated): the controller would sync it straight back to Git. ' +
        'Roll back the GitOps way instead — an action with executor kind "gitops" that sets the previous version in the deployment repository — or turn auto-sync off for this application first.',
    );
    expect(argocd.server.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('quotes Argo CD’s own refusal (fake Argo CD)', async () => {
    const app = argocd.apps.get('payment-production') as FakeArgoApp;
    app.operation = {
      phase: 'Running',
      message: 'running',
      startedAt: '2026-12-06T04:59:00Z',
      kind: 'sync',
      revision: 'x',
      step: -100,
    };
    await expect(executor.execute(executionContext(settings({ operation: 'sync' })))).rejects.toThrow(
      'Argo CD answered POST /api/v1/applications/payment-production/sync with HTTP 400: "another operation is already in progress"',
    );
    const wrongToken = createArgoCdExecutor({ env: { ARGOCD_TOKEN: 'stale' } });
    await expect(wrongToken.execute(executionContext(settings({})))).rejects.toThrow(
      'Argo CD answered GET /api/v1/applications/payment-production with HTTP 401: "invalid session: token signature is invalid"',
    );
    await expect(executor.execute(executionContext(settings({ application: 'nope' })))).rejects.toThrow(
      'Argo CD answered GET /api/v1/applications/nope with HTTP 403: "permission denied"',
    );
  });

  it('fails with the operation’s message when the sync fails (fake Argo CD)', async () => {
    (argocd.apps.get('payment-production') as FakeArgoApp).failNextOperationWith =
      'one or more objects failed to apply, reason: Deployment.apps "payment" is invalid';
    await expect(executor.execute(executionContext(settings({ operation: 'sync' })))).rejects.toThrow(
      'Argo CD\'s sync of payment-production ended Failed: "one or more objects failed to apply, reason: Deployment.apps "payment" is invalid"',
    );
  });

  it('stops waiting when the run is cancelled (fake Argo CD)', async () => {
    const context = executionContext(settings({ operation: 'sync', pollIntervalMs: 60_000 }));
    const execution = executor.execute(context);
    await logged(context, 'payment-production: operation');
    context.abort('cancelled by Dana Developer');
    await expect(execution).rejects.toThrow(
      'stopped while waiting for Argo CD application payment-production to be Synced and Healthy: cancelled by Dana Developer',
    );
  });

  it('gives up after waitTimeoutMs with the last state it saw (fake Argo CD)', async () => {
    const app = argocd.apps.get('payment-production') as FakeArgoApp;
    const context = executionContext(settings({ operation: 'sync', waitTimeoutMs: 50, pollIntervalMs: 30 }));
    const execution = executor.execute(context);
    await expect(execution).rejects.toThrow(
      /^gave up waiting for Argo CD application payment-production to be Synced and Healthy after 50 ms \(last seen: operation (Running|Succeeded), sync Synced, health Progressing\)$/,
    );
    expect(app.operation?.kind).toBe('sync');
  });

  it('names the missing token variable', async () => {
    await expect(createArgoCdExecutor({ env: {} }).execute(executionContext(settings({})))).rejects.toThrow(
      `the environment variable ARGOCD_TOKEN is not set; Cairn needs it for calling Argo CD at ${argocd.url}`,
    );
  });
});

describe('Argo CD settings', () => {
  it('names what is missing or wrong', () => {
    const result = ArgoCdSettingsSchema.safeParse({ server: 'argocd.local', operation: 'rollback' });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'server: must be an http:// or https:// URL',
      'application: the Argo CD application name is required',
    ]);
    const rollback = ArgoCdSettingsSchema.safeParse({
      server: 'https://argocd.local',
      application: 'a',
      operation: 'rollback',
    });
    expect(rollback.error?.issues[0]?.message).toBe(
      'historyId: required for rollback (a history id, or "previous"), unless revision names the deployed revision to return to',
    );
    expect(
      ArgoCdSettingsSchema.parse({
        server: 'https://argocd.local/',
        application: 'a',
        operation: 'rollback',
        historyId: '${{ inputs.historyId }}',
      }),
    ).toMatchObject({
      server: 'https://argocd.local',
      tokenEnv: 'ARGOCD_TOKEN',
      pollIntervalMs: 5000,
      waitTimeoutMs: 600000,
    });
  });
});
