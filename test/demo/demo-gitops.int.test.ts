/**
 * The demo's deployment repository (a real bare git repository) and its fake Argo CD (the
 * controller syncing it and the loopback API Cairn's argocd executor calls), driven by Cairn's
 * own gitops and argocd executors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoActions } from '../../src/demo/gitops/demo-actions.ts';
import { type DemoGitOps, startDemoGitOps } from '../../src/demo/gitops/demo-gitops.ts';
import { initialValues, valuesPath, withImageTag } from '../../src/demo/gitops/values-file.ts';
import { readActionDirectory } from '../../src/modules/actions/action-files.ts';
import { offlineExecutorRegistry } from '../../src/modules/actions/executor-registry.ts';
import { createArgoCdExecutor } from '../../src/modules/actions/executors/argocd/argocd.executor.ts';
import { ArgoCdSettingsSchema } from '../../src/modules/actions/executors/argocd/argocd.settings.ts';
import { createGitOpsExecutor } from '../../src/modules/actions/executors/gitops/gitops.executor.ts';
import { GitOpsSettingsSchema } from '../../src/modules/actions/executors/gitops/gitops.settings.ts';
import { executionContext } from '../actions/executors/execution-context.ts';

const TOKEN = 'demo-argocd-test-token';
const JDOE = { name: 'jdoe', email: 'jdoe@acme-shop.example' };

let dataDir: string;
let gitops: DemoGitOps;
let rollOuts: string[];
let reports: Array<Record<string, unknown>>;
/** Rollouts wait for this: a test holds a sync Running by replacing it. */
let gate: Promise<void>;

async function commitTag(service: string, tag: string, message: string): Promise<string> {
  const file = valuesPath(service);
  const text = (await gitops.repository.read(await gitops.repository.head(), file)) ?? '';
  return gitops.repository.commit({ files: { [file]: withImageTag(text, tag) }, message, author: JDOE });
}

async function api(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const token = init.token === undefined ? TOKEN : init.token;
  const response = await fetch(`${gitops.api.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }; // JSON either way
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-demo-gitops-'));
  gitops = await startDemoGitOps({ dataDir, token: TOKEN });
  rollOuts = [];
  reports = [];
  gate = Promise.resolve();
  gitops.controller.start({
    // Long: each test says when the controller looks, as a Git webhook would.
    refreshMs: 60_000,
    rollOut: async (app, tag) => {
      rollOuts.push(`${app}@${tag}`);
      await gate;
    },
    report: async (report) => {
      reports.push(gitops.notificationOf(report) as Record<string, unknown>);
    },
  });
});

afterEach(async () => {
  await gitops.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo deployment repository', () => {
  it("starts with one values file per service at the service's starting tag", async () => {
    const head = await gitops.repository.head();
    expect(gitops.repository.path).toBe(join(dataDir, 'deployments.git'));
    expect(await gitops.repository.read(head, 'production/payment/values.yaml')).toBe(
      initialValues('payment', 'ghcr.io/acme-shop/payment', '1.3.2'),
    );
    expect(await gitops.repository.read(head, 'production/payment/values.yaml')).toContain(
      '  tag: "1.3.2"\n',
    );
    expect(gitops.controller.applications().map((app) => `${app.name}@${app.tag}`)).toEqual([
      'frontend@2.8.1',
      'cart@1.12.0',
      'checkout@3.2.4',
      'payment@1.3.2',
      'shipping@1.0.9',
      'currency@0.9.3',
      'productcatalog@2.1.0',
      'recommendation@1.6.2',
      'ads@1.1.4',
      'email@0.4.7',
    ]);
    expect((await gitops.repository.describe(head)).subject).toBe('Shop services in production');
  });

  it('keeps its history when the demo starts again on the same data dir', async () => {
    const commit = await commitTag('payment', '1.4.0', 'Deploy payment 1.4.0');
    await gitops.close();
    gitops = await startDemoGitOps({ dataDir, token: TOKEN });
    expect(await gitops.repository.head()).toBe(commit);
    expect(gitops.controller.tagOf('payment')).toBe('1.4.0');
  });
});

describe("the demo's actions", () => {
  it('point deploy and rollback at the deployment repository and Argo CD actions at its API, and load without problems', () => {
    const dir = writeDemoActions(dataDir, {
      repository: gitops.repository.path,
      argocdUrl: gitops.api.url,
      argocdTokenEnv: 'CAIRN_DEMO_ARGOCD_TOKEN',
    });
    const set = readActionDirectory(dir, offlineExecutorRegistry);
    expect(set.problems).toEqual([]);
    const byId = new Map(set.actions.map((action) => [action.id, action]));
    expect([...byId.keys()].sort()).toEqual([
      'argocd-rollback',
      'argocd-sync',
      'change-config',
      'deploy',
      'open-logs',
      'restart',
      'rollback',
      'scale',
      'set-requests',
    ]);
    expect(byId.get('rollback')?.executor).toEqual({
      kind: 'gitops',
      settings: {
        repository: gitops.repository.path,
        branch: 'main',
        file: '${{ environment }}/${{ service }}/values.yaml',
        yamlPath: 'image.tag',
        value: '${{ inputs.version }}',
        valueType: 'string',
        commitMessage: 'Roll back ${{ service }} to ${{ inputs.version }} in ${{ environment }}',
        mode: 'push',
      },
    });
    expect(byId.get('argocd-sync')?.executor.settings).toMatchObject({
      server: gitops.api.url,
      application: '${{ service }}',
      operation: 'sync',
      tokenEnv: 'CAIRN_DEMO_ARGOCD_TOKEN',
    });
  });
});

describe('the demo Argo CD (fake Argo CD API)', () => {
  it('auto-syncs a commit that changes a values file: rolls out its tag, Synced and Healthy at the commit', async () => {
    const commit = await commitTag('payment', '1.4.0', 'Deploy payment 1.4.0');
    await gitops.controller.refresh();
    await gitops.controller.settled();

    expect(rollOuts).toEqual(['payment@1.4.0']);
    const { status, body } = await api('/api/v1/applications/payment');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      metadata: { name: 'payment', namespace: 'argocd' },
      spec: {
        source: { repoURL: gitops.repository.path, path: 'production/payment', targetRevision: 'main' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
      status: {
        sync: { status: 'Synced', revision: commit },
        health: { status: 'Healthy' },
        summary: { images: ['ghcr.io/acme-shop/payment:1.4.0'] },
        operationState: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          operation: { sync: { revision: commit }, initiatedBy: { automated: true } },
          syncResult: { revision: commit },
        },
      },
    });
    const history = (body.status as { history: Array<{ id: number; revision: string }> }).history;
    expect(history.map((entry) => entry.id)).toEqual([0, 1]);
    expect(history[1]?.revision).toBe(commit);
    // Another application's file did not change: it is Synced at the new commit without an operation.
    expect(gitops.controller.application('cart')).toMatchObject({
      sync: 'Synced',
      revision: commit,
      tag: '1.12.0',
    });
    expect(gitops.controller.application('cart')?.operation).toBeUndefined();
    // Reported once running and once done, as the notification template renders it.
    expect(reports.map((report) => [report.app, report.phase, report.version, report.revision])).toEqual([
      ['payment', 'Running', '1.4.0', commit],
      ['payment', 'Succeeded', '1.4.0', commit],
    ]);
    expect(reports[1]).toMatchObject({
      automated: true,
      initiatedBy: '',
      syncStatus: 'Synced',
      health: 'Healthy',
    });
  });

  it('syncs a commit that landed while the same application was syncing once that sync ends', async () => {
    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    await commitTag('payment', '1.4.0', 'Deploy payment 1.4.0');
    await gitops.controller.refresh();
    expect(gitops.controller.application('payment')?.operation?.phase).toBe('Running');
    const second = await commitTag('payment', '1.4.1', 'Deploy payment 1.4.1');
    await gitops.controller.refresh();
    expect(rollOuts).toEqual(['payment@1.4.0']);
    release();
    await gitops.controller.settled();
    expect(gitops.controller.tagOf('payment')).toBe('1.4.0');
    await gitops.controller.refresh();
    await gitops.controller.settled();
    expect(rollOuts).toEqual(['payment@1.4.0', 'payment@1.4.1']);
    expect(gitops.controller.application('payment')).toMatchObject({
      tag: '1.4.1',
      revision: second,
      sync: 'Synced',
    });
  });

  it("syncs when Cairn's argocd executor asks, and Cairn's executor sees it Synced and Healthy", async () => {
    const commit = await commitTag('ads', '1.1.5', 'Deploy ads 1.1.5');
    expect(gitops.controller.application('ads')?.sync).toBe('Synced'); // not looked yet
    const executor = createArgoCdExecutor({ env: { ARGOCD_TOKEN: TOKEN } });
    const context = executionContext(
      ArgoCdSettingsSchema.parse({
        server: gitops.api.url,
        application: 'ads',
        operation: 'sync',
        revision: 'main',
        pollIntervalMs: 20,
        version: '1.1.5',
      }),
      { service: 'ads', actionId: 'argocd-sync' },
    );
    const outcome = await executor.execute(context);

    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'Argo CD synced ads to main',
      // The revision Argo CD synced, so its own report of this sync links to Cairn's change.
      change: { summary: 'synced ads to main', version: '1.1.5', revision: commit },
    });
    expect(rollOuts).toEqual(['ads@1.1.5']);
    expect(context.links).toEqual([
      { title: 'Argo CD application ads', url: `${gitops.api.url}/applications/ads` },
    ]);
    expect(gitops.controller.application('ads')).toMatchObject({
      sync: 'Synced',
      health: 'Healthy',
      revision: commit,
    });
    expect(reports.map((report) => [report.app, report.phase, report.initiatedBy, report.automated])).toEqual(
      [
        ['ads', 'Running', 'cairn', false],
        ['ads', 'Succeeded', 'cairn', false],
      ],
    );
  });

  it("refuses a rollback, as Argo CD does under auto-sync; Cairn's executor says to roll back the GitOps way", async () => {
    const refused = await api('/api/v1/applications/payment/rollback', {
      method: 'POST',
      body: { name: 'payment', id: 0, prune: false },
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: 'rollback cannot be initiated when auto-sync is enabled',
        code: 9,
        message: 'rollback cannot be initiated when auto-sync is enabled',
      },
    });
    const executor = createArgoCdExecutor({ env: { ARGOCD_TOKEN: TOKEN } });
    const context = executionContext(
      ArgoCdSettingsSchema.parse({
        server: gitops.api.url,
        application: 'payment',
        operation: 'rollback',
        historyId: 'previous',
      }),
    );
    await expect(executor.execute(context)).rejects.toThrow(
      'Argo CD refuses to roll back payment while auto-sync is on (spec.syncPolicy.automated)',
    );
    expect(rollOuts).toEqual([]);
  });

  it("rolls out what Cairn's gitops executor pushes to the repository", async () => {
    await commitTag('payment', '1.4.0', 'Deploy payment 1.4.0');
    await gitops.controller.refresh();
    await gitops.controller.settled();
    const executor = createGitOpsExecutor({ env: {} });
    const context = executionContext(
      GitOpsSettingsSchema.parse({
        repository: gitops.repository.path,
        file: 'production/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.3.2',
        valueType: 'string',
        commitMessage: 'Roll back payment to 1.3.2 in production',
      }),
      { actor: { name: 'Grace Hopper', email: 'grace@acme-shop.example' } },
    );
    const outcome = await executor.execute(context);
    expect(outcome.outcome).toBe('succeeded');

    const head = await gitops.repository.head();
    const commit = await gitops.repository.describe(head);
    expect(commit.subject).toBe('Roll back payment to 1.3.2 in production');
    expect(commit.author).toEqual({ name: 'Grace Hopper', email: 'grace@acme-shop.example' });
    await gitops.controller.refresh();
    await gitops.controller.settled();
    expect(rollOuts).toEqual(['payment@1.4.0', 'payment@1.3.2']);
    expect(gitops.controller.application('payment')).toMatchObject({
      tag: '1.3.2',
      revision: head,
      sync: 'Synced',
    });
  });

  it('fails the sync of a values file without image.tag, Degraded, and the app keeps running its tag', async () => {
    await gitops.repository.commit({
      files: { [valuesPath('email')]: 'image:\n  repository: ghcr.io/acme-shop/email\n' },
      message: 'Drop the tag',
      author: JDOE,
    });
    await gitops.controller.refresh();
    await gitops.controller.settled();
    expect(rollOuts).toEqual([]);
    expect(gitops.controller.application('email')).toMatchObject({
      tag: '0.4.7',
      sync: 'OutOfSync',
      health: 'Degraded',
      operation: { phase: 'Failed' },
    });
    expect(gitops.controller.application('email')?.operation?.message).toMatch(
      /^production\/email\/values\.yaml at [0-9a-f]{7} sets no image\.tag$/,
    );
  });

  it('answers 401 without the token, 403 for an unknown application, and 400 naming a bad field', async () => {
    expect(await api('/api/v1/applications/payment', { token: null })).toEqual({
      status: 401,
      body: {
        error: 'invalid session: token signature is invalid',
        code: 16,
        message: 'invalid session: token signature is invalid',
      },
    });
    expect((await api('/api/v1/applications/nope')).status).toBe(403);
    const badPrune = await api('/api/v1/applications/payment/sync', {
      method: 'POST',
      body: { prune: 'yes' },
    });
    expect(badPrune).toMatchObject({
      status: 400,
      body: { code: 3, message: 'prune: must be true or false' },
    });
    const badRevision = await api('/api/v1/applications/payment/sync', {
      method: 'POST',
      body: { revision: 'release-2' },
    });
    expect(badRevision).toMatchObject({
      status: 400,
      body: { message: 'revision: "release-2" is not a commit or the branch main' },
    });
    expect(rollOuts).toEqual([]);
  });
});
