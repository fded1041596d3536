/**
 * `cairn:action` against a real Cairn: a template step runs a Cairn action through the actions
 * module (GitOps executor committing to a real bare repository), under its guardrails. Allowed, it
 * runs and the task links the run; refused by an input rule, the task fails with the rule's
 * message; needing an approval, the task waits (running, linking the run) until it is approved,
 * declined, or the task is cancelled.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BareRepository, createBareRepository } from '../../../test/actions/executors/git-fixtures.ts';
import { type InProcessCairn, startInProcess } from '../../../test/support/in-process-cairn.ts';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/templates');

const component = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-orders
`;

/** A deploy through GitOps: a rule against unpinned versions, production needs a second person. */
const deployAction = (repository: string) => `id: deploy
title: Deploy a version
target: service
operation: day-2
records: deploy
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
  rules:
    - expression: inputs.version != 'latest'
      message: pin a version; "latest" cannot be rolled back
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
`;

/** A template whose one step deploys an existing service. */
const deployTemplate = [
  'apiVersion: scaffolder.backstage.io/v1beta3',
  'kind: Template',
  'metadata: { name: deploy-service }',
  'spec:',
  '  parameters:',
  '    required: [service, environment, version]',
  '    properties:',
  '      service: { type: string }',
  '      environment: { type: string }',
  '      version: { type: string }',
  '  steps:',
  '    - id: deploy',
  '      name: Deploy',
  '      action: cairn:action',
  '      input:',
  '        action: deploy',
  '        service: ${{ parameters.service }}',
  '        inputs: { environment: "${{ parameters.environment }}", version: "${{ parameters.version }}" }',
  '  output:',
  '    text: [{ title: Run, content: "${{ steps.deploy.output.runId }} ${{ steps.deploy.output.status }}" }]',
].join('\n');

interface ActionRun {
  stepId: string;
  runId: string;
  actionId: string;
  state: string;
  message: string | null;
}

interface TaskBody {
  id: string;
  status: string;
  error: string | null;
  failedStep: string | null;
  steps: { id: string; status: string }[];
  actionRuns: ActionRun[];
  output: { text?: { title: string; content: string }[] } | null;
  startedAt: string;
}

describe('cairn:action: a template step runs a Cairn action under its guardrails', () => {
  let cairn: InProcessCairn;
  let root: string;
  let deployments: BareRepository;
  let approverToken: string;
  const admin = () => ({ authorization: `Bearer ${cairn.adminToken}` });

  async function api<T>(method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) {
    const response = await cairn.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : admin(),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  async function startTask(template: string, values: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', `/api/v1/templates/${template}/tasks`, { values });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function waitForTask(id: string, until: (task: TaskBody) => boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = (await api<TaskBody>('GET', `/api/v1/tasks/${id}`)).body;
      if (until(task)) return task;
      if (Date.now() > deadline) throw new Error(`task ${id} is ${task.status}: ${JSON.stringify(task)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const ended = (task: TaskBody) => task.status !== 'running';

  async function logOf(id: string): Promise<string[]> {
    const log = await api<{ items: { message: string }[] }>('GET', `/api/v1/tasks/${id}/events`);
    return log.body.items.map((line) => line.message);
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-template-actions-'));
    deployments = createBareRepository();
    const values = (tag: string) => `image:\n  tag: "${tag}"\n`;
    deployments.commit(
      {
        'staging/ledger/values.yaml': values('0.9.0'),
        'production/ledger/values.yaml': values('0.9.0'),
        'production/receipts/values.yaml': values('0.9.0'),
        // Prepared by the platform team for the service the golden path creates.
        'production/invoices/values.yaml': values('0.0.0'),
      },
      'the deployment repository',
    );
    mkdirSync(join(root, 'catalog'));
    writeFileSync(join(root, 'catalog/ledger.yaml'), component('ledger'));
    writeFileSync(join(root, 'catalog/receipts.yaml'), component('receipts'));
    writeFileSync(join(root, 'actions.yaml'), deployAction(deployments.url));
    mkdirSync(join(root, 'templates/deploy-service'), { recursive: true });
    writeFileSync(join(root, 'templates/deploy-service/template.yaml'), deployTemplate);
    mkdirSync(join(root, 'remotes'));
    cairn = await startInProcess({
      catalogDir: join(root, 'catalog'),
      config: {
        templates: {
          paths: [examples, join(root, 'templates')],
          gitRemotes: { 'git.test': join(root, 'remotes') },
        },
        actions: { dir: join(root, 'actions.yaml'), pollIntervalMs: 100 },
      },
    });
    const approver = await api<{ secret: string }>('POST', '/api/v1/tokens', {
      name: 'release-manager',
      scope: 'admin',
    });
    expect(approver.status).toBe(201);
    approverToken = approver.body.secret;
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    deployments?.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it('allowed: the run executes, the step outputs it and the task links it', async () => {
    const id = await startTask('deploy-service', {
      service: 'ledger',
      environment: 'staging',
      version: '1.2.0',
    });
    const task = await waitForTask(id, ended);
    expect([task.status, task.error]).toEqual(['succeeded', null]);
    const runId = task.actionRuns[0]?.runId ?? '';
    const run = (
      await api<{ state: string; message: string | null; inputs: unknown; service: string }>(
        'GET',
        `/api/v1/runs/${runId}`,
      )
    ).body;
    expect({ state: run.state, service: run.service, inputs: run.inputs }).toEqual({
      state: 'succeeded',
      service: 'ledger',
      inputs: { environment: 'staging', version: '1.2.0' },
    });
    expect(task.actionRuns).toEqual([
      { stepId: 'deploy', runId, actionId: 'deploy', state: 'succeeded', message: run.message },
    ]);
    expect(task.output?.text).toEqual([{ title: 'Run', content: `${runId} succeeded` }]);
    expect(deployments.show('staging/ledger/values.yaml')).toBe('image:\n  tag: "1.2.0"\n');
    const log = await logOf(id);
    expect(log).toContain(`Run ${runId} of deploy is queued`);
    expect(log).toContain(`Run ${runId} of deploy succeeded${run.message ? `: ${run.message}` : ''}`);
  }, 60_000);

  it("refused by an input rule: the task fails at the step naming the rule's message; no run starts", async () => {
    const id = await startTask('deploy-service', {
      service: 'ledger',
      environment: 'staging',
      version: 'latest',
    });
    const task = await waitForTask(id, ended);
    expect([task.status, task.failedStep, task.error]).toEqual([
      'failed',
      'deploy',
      'cairn:action: deploy refused: body.inputs: pin a version; "latest" cannot be rolled back',
    ]);
    expect(task.actionRuns).toEqual([]);
    expect(task.steps).toEqual([{ id: 'deploy', name: 'Deploy', action: 'cairn:action', status: 'failed' }]);
    expect(deployments.show('staging/ledger/values.yaml')).toBe('image:\n  tag: "1.2.0"\n');
  }, 60_000);

  it('needs approval: the golden path waits for it, linking the run, then deploys and onboarding time stops there', async () => {
    const id = await startTask('node-service', {
      name: 'invoices',
      owner: 'group:default/team-orders',
      system: 'orders',
      repoUrl: 'git.test?owner=team-orders&repo=invoices',
      firstDeployAction: 'deploy',
    });
    const waiting = await waitForTask(
      id,
      (t) => t.actionRuns[0]?.state === 'waiting_for_approval' || ended(t),
    );
    const runId = waiting.actionRuns[0]?.runId ?? '';
    expect(waiting.status).toBe('running');
    expect(waiting.actionRuns).toEqual([
      { stepId: 'first-deploy', runId, actionId: 'deploy', state: 'waiting_for_approval', message: null },
    ]);
    expect(waiting.steps.map((s) => [s.id, s.status])).toEqual([
      ['fetch', 'done'],
      ['publish', 'done'],
      ['register', 'done'],
      ['first-deploy', 'running'],
    ]);
    expect(await logOf(id)).toContain(
      `Run ${runId} of deploy is waiting for approval; the task goes on once it is approved (/runs/${runId})`,
    );

    // The person who started the task may not approve their own production deploy; another may.
    const self = await api<{ error: { message: string } }>('POST', `/api/v1/runs/${runId}/approve`, {});
    expect(self.status).toBe(403);
    const approved = await api(
      'POST',
      `/api/v1/runs/${runId}/approve`,
      { comment: 'first deploy' },
      approverToken,
    );
    expect(approved.status).toBe(200);

    const done = await waitForTask(id, ended);
    expect([done.status, done.error]).toEqual(['succeeded', null]);
    expect(done.actionRuns.map((r) => [r.runId, r.state])).toEqual([[runId, 'succeeded']]);
    expect(done.steps.at(-1)).toEqual({
      id: 'first-deploy',
      name: 'First deploy',
      action: 'cairn:action',
      status: 'done',
    });
    expect(deployments.show('production/invoices/values.yaml')).toBe('image:\n  tag: "0.1.0"\n');

    // The run recorded the production deploy: onboarding time is measured to it.
    const changes = await api<{ items: { at: string; source: string; version: string | null }[] }>(
      'GET',
      '/api/v1/changes?service=invoices&kind=deploy',
    );
    const deploy = changes.body.items.find((c) => c.source === 'cairn-action');
    expect(deploy).toBeDefined();
    const onboarding = await api<{
      services: { service: string; taskId: string; firstProductionDeployAt: string; onboardingMs: number }[];
    }>('GET', '/api/v1/onboarding-time');
    expect(onboarding.body.services).toEqual([
      {
        service: 'invoices',
        template: 'node-service',
        team: 'team-orders',
        taskId: id,
        taskStartedAt: done.startedAt,
        firstProductionDeployAt: deploy?.at,
        onboardingMs: Date.parse(deploy?.at ?? '') - Date.parse(done.startedAt),
      },
    ]);
  }, 120_000);

  it('declined: the task fails naming the decision, and a retry asks again', async () => {
    const id = await startTask('deploy-service', {
      service: 'ledger',
      environment: 'production',
      version: '1.2.0',
    });
    const waiting = await waitForTask(
      id,
      (t) => t.actionRuns[0]?.state === 'waiting_for_approval' || ended(t),
    );
    const runId = waiting.actionRuns[0]?.runId ?? '';
    const declined = await api(
      'POST',
      `/api/v1/runs/${runId}/decline`,
      { comment: 'not before the audit' },
      approverToken,
    );
    expect(declined.status).toBe(200);
    const failed = await waitForTask(id, ended);
    expect([failed.status, failed.failedStep, failed.error]).toEqual([
      'failed',
      'deploy',
      `cairn:action: run ${runId} of deploy ended declined (declined by release-manager: not before the audit)`,
    ]);
    expect(failed.actionRuns).toEqual([
      {
        stepId: 'deploy',
        runId,
        actionId: 'deploy',
        state: 'declined',
        message: 'declined by release-manager: not before the audit',
      },
    ]);

    // A retry starts a new run of the step, which waits for its own approval.
    expect((await api('POST', `/api/v1/tasks/${id}/retry`)).status).toBe(200);
    const again = await waitForTask(id, (t) => t.actionRuns.length === 2 || ended(t));
    expect(again.actionRuns.map((r) => r.state)).toEqual(['declined', 'waiting_for_approval']);
    expect((await api('POST', `/api/v1/tasks/${id}/cancel`)).status).toBe(200);
  }, 60_000);

  it('cancelling a task that waits for an approval cancels the run', async () => {
    const id = await startTask('deploy-service', {
      service: 'receipts',
      environment: 'production',
      version: '2.0.0',
    });
    const waiting = await waitForTask(
      id,
      (t) => t.actionRuns[0]?.state === 'waiting_for_approval' || ended(t),
    );
    const runId = waiting.actionRuns[0]?.runId ?? '';
    const cancelled = await api<TaskBody>('POST', `/api/v1/tasks/${id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(cancelled.body.actionRuns.map((r) => [r.runId, r.state])).toEqual([[runId, 'cancelled']]);
    const run = await api<{ state: string }>('GET', `/api/v1/runs/${runId}`);
    expect(run.body.state).toBe('cancelled');
    expect(deployments.show('production/receipts/values.yaml')).toBe('image:\n  tag: "0.9.0"\n');
  }, 60_000);
});
