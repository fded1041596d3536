/**
 * A task waiting for an action run's approval survives Cairn stopping: the real `cairn up` is
 * stopped (SIGTERM) and started again on the same data directory; the task is failed at its step,
 * the run still waits; once approved, retrying the task follows that same run instead of starting
 * a second deploy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BareRepository, createBareRepository } from '../actions/executors/git-fixtures.ts';
import { type CairnProcess, startCairn } from '../support/start-cairn.ts';

interface TaskBody {
  status: string;
  error: string | null;
  attempts: number;
  actionRuns: { stepId: string; runId: string; actionId: string; state: string }[];
}

const TEMPLATE = [
  'apiVersion: scaffolder.backstage.io/v1beta3',
  'kind: Template',
  'metadata: { name: deploy-service }',
  'spec:',
  '  parameters: { properties: { service: { type: string }, version: { type: string } } }',
  '  steps:',
  '    - id: deploy',
  '      action: cairn:action',
  '      input:',
  '        action: deploy',
  '        service: ${{ parameters.service }}',
  '        inputs: { environment: production, version: "${{ parameters.version }}" }',
].join('\n');

const deployAction = (repository: string) => `id: deploy
title: Deploy a version
target: service
operation: day-2
inputs:
  type: object
  required: [environment, version]
  properties:
    environment: { type: string }
    version: { type: string }
executor:
  kind: gitops
  settings:
    repository: ${repository}
    file: \${{ environment }}/\${{ service }}/values.yaml
    yamlPath: image.tag
    value: \${{ inputs.version }}
    valueType: string
guardrails:
  approval:
    required: always
    approvers: [platform]
`;

let root: string;
let dataDir: string;
let deployments: BareRepository;
let cairn: CairnProcess | undefined;

async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  if (!cairn) throw new Error('Cairn is not running');
  const response = await fetch(`${cairn.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token ?? cairn.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitForTask(id: string, until: (task: TaskBody) => boolean): Promise<TaskBody> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const task = await api<TaskBody>('GET', `/api/v1/tasks/${id}`);
    if (until(task)) return task;
    if (Date.now() > deadline) throw new Error(`task ${id}: ${JSON.stringify(task)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const start = () => startCairn({ dataDir, args: ['--config', join(root, 'cairn.yaml')], timeoutMs: 90_000 });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cairn-template-restart-'));
  dataDir = join(root, 'data');
  deployments = createBareRepository();
  deployments.commit({ 'production/ledger/values.yaml': 'image:\n  tag: "1.0.0"\n' }, 'ledger at 1.0.0');
  for (const dir of ['catalog', 'templates/deploy-service', 'data'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(
    join(root, 'catalog/ledger.yaml'),
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger\nspec:\n  type: service\n  lifecycle: production\n  owner: team-orders\n',
  );
  writeFileSync(join(root, 'templates/deploy-service/template.yaml'), TEMPLATE);
  writeFileSync(join(root, 'deploy.yaml'), deployAction(deployments.url));
  writeFileSync(
    join(root, 'cairn.yaml'),
    [
      'catalog:',
      '  sources:',
      `    - { type: dir, path: ${join(root, 'catalog')} }`,
      'actions:',
      `  dir: ${join(root, 'deploy.yaml')}`,
      '  pollIntervalMs: 100',
      'templates:',
      `  paths: [${join(root, 'templates')}]`,
      '',
    ].join('\n'),
  );
  cairn = await start();
}, 120_000);

afterAll(async () => {
  await cairn?.stop();
  deployments?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a task waiting for an approval when Cairn stops', () => {
  it('is failed at its step on the next start, and its retry follows the same run once approved', async () => {
    const approver = await api<{ secret: string }>('POST', '/api/v1/tokens', {
      name: 'release-manager',
      scope: 'admin',
    });
    // The catalog's first sync runs beside the start: wait until it knows ledger.
    for (
      let tries = 0;
      !(await api('GET', '/api/v1/services/ledger').then(
        () => true,
        () => false,
      ));
      tries++
    ) {
      if (tries > 300) throw new Error('the catalog never listed ledger');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const task = await api<{ id: string }>('POST', '/api/v1/templates/deploy-service/tasks', {
      values: { service: 'ledger', version: '1.1.0' },
    });
    const waiting = await waitForTask(task.id, (t) => t.actionRuns[0]?.state === 'waiting_for_approval');
    const runId = waiting.actionRuns[0]?.runId ?? '';

    expect(await cairn?.stop()).toBe(0);
    cairn = await start();

    const interrupted = await api<TaskBody>('GET', `/api/v1/tasks/${task.id}`);
    expect([interrupted.status, interrupted.error]).toEqual([
      'failed',
      `interrupted: Cairn stopped while the task ran (cairn:action: Cairn stopped while run ${runId} was waiting_for_approval)`,
    ]);
    expect((await api<{ state: string }>('GET', `/api/v1/runs/${runId}`)).state).toBe('waiting_for_approval');

    await api('POST', `/api/v1/runs/${runId}/approve`, { comment: 'go' }, approver.secret);
    await api('POST', `/api/v1/tasks/${task.id}/retry`);
    const done = await waitForTask(task.id, (t) => t.status !== 'running');
    expect([done.status, done.error, done.attempts]).toEqual(['succeeded', null, 2]);
    expect(done.actionRuns).toEqual([
      expect.objectContaining({ stepId: 'deploy', runId, actionId: 'deploy', state: 'succeeded' }),
    ]);
    const runs = await api<{ items: { id: string }[] }>('GET', '/api/v1/runs?service=ledger');
    expect(runs.items.map((r) => r.id)).toEqual([runId]);
    expect(deployments.show('production/ledger/values.yaml')).toBe('image:\n  tag: "1.1.0"\n');
  }, 240_000);
});
