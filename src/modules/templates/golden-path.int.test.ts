/**
 * The node-service golden path end to end through the API, on real parts: a real git push to a
 * local bare repository, the catalog syncing it as a source, the task log streamed as SSE, the
 * rendered service's own `npm test`, and onboarding time once a production deploy is recorded.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../../../test/support/in-process-cairn.ts';

const run = promisify(execFile);
const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/templates');

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((chunk) => chunk.includes('data: '))
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
}

describe('the node-service golden path', () => {
  let cairn: InProcessCairn;
  let remotes: string;
  let extraTemplates: string;
  const auth = () => ({ authorization: `Bearer ${cairn.adminToken}` });

  beforeAll(async () => {
    remotes = mkdtempSync(join(tmpdir(), 'cairn-remotes-'));
    extraTemplates = mkdtempSync(join(tmpdir(), 'cairn-templates-'));
    // A template naming an action Cairn does not have: refused before anything runs.
    mkdirSync(join(extraTemplates, 'unsupported'));
    writeFileSync(
      join(extraTemplates, 'unsupported/template.yaml'),
      [
        'apiVersion: scaffolder.backstage.io/v1beta3',
        'kind: Template',
        'metadata: { name: unsupported }',
        'spec:',
        '  steps:',
        '    - { id: a, action: acme:thing }',
        '    - { id: b, action: debug:log, input: { message: "${{ parameters.x | shout }}" } }',
      ].join('\n'),
    );
    // A template whose publish fails until its remote's parent directory becomes writable.
    mkdirSync(join(extraTemplates, 'retryable/skeleton'), { recursive: true });
    writeFileSync(join(extraTemplates, 'retryable/skeleton/hello.txt'), 'hello ${{ values.who }}\n');
    writeFileSync(
      join(extraTemplates, 'retryable/template.yaml'),
      [
        'apiVersion: scaffolder.backstage.io/v1beta3',
        'kind: Template',
        'metadata: { name: retryable }',
        'spec:',
        '  parameters: { properties: { remote: { type: string } }, required: [remote] }',
        '  steps:',
        '    - { id: fetch, action: fetch:template, input: { url: ./skeleton, values: { who: world } } }',
        '    - { id: publish, action: publish:git, input: { remoteUrl: "${{ parameters.remote }}" } }',
        '  output: { text: [{ title: sha, content: "${{ steps.publish.output.commitHash }}" }] }',
      ].join('\n'),
    );
    cairn = await startInProcess({
      config: {
        templates: { paths: [examples, extraTemplates], gitRemotes: { 'git.test': remotes } },
        catalog: { refreshIntervalSeconds: 0 },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    rmSync(remotes, { recursive: true, force: true });
    rmSync(extraTemplates, { recursive: true, force: true });
  });

  it('lists the golden paths with their parameters', async () => {
    const response = await cairn.app.inject({ method: 'GET', url: '/api/v1/templates', headers: auth() });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { name: string; pickers: string[] }[];
    expect(items.map((t) => t.name)).toEqual(['node-service', 'retryable', 'scheduled-job', 'unsupported']);
    expect(items[0]?.pickers).toEqual(['EntityNamePicker', 'OwnerPicker', 'RepoUrlPicker']);
  });

  it('creates invoices for team-orders: pushed, registered with its owner, its own tests pass', async () => {
    const created = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/templates/node-service/tasks',
      headers: auth(),
      payload: {
        values: {
          name: 'invoices',
          owner: 'group:default/team-orders',
          system: 'orders',
          repoUrl: 'git.test?owner=team-orders&repo=invoices',
        },
      },
    });
    expect(created.statusCode).toBe(201);
    const taskId = created.json().id as string;

    // The live log, as the UI reads it: SSE until the end event.
    const stream = await cairn.app.inject({
      method: 'GET',
      url: `/api/v1/tasks/${taskId}/events`,
      headers: { ...auth(), accept: 'text/event-stream' },
    });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const events = parseSse(stream.body);
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data.status).toBe('succeeded');
    const messages = events.filter((e) => e.event === 'log').map((e) => e.data.message);
    expect(messages).toContain('Beginning step Render the skeleton');
    expect(messages).toContain('Skipping step first-deploy because its if condition was false');
    expect(messages.filter((m) => String(m).startsWith('Registered '))).toEqual([
      `Registered ${join(remotes, 'team-orders/invoices')}/blob/main/catalog-info.yaml in the catalog: component:default/invoices`,
    ]);
    expect(messages.at(-1)).toBe('Task succeeded');
    expect(end?.data.steps).toEqual([
      { id: 'fetch', name: 'Render the skeleton', action: 'fetch:template', status: 'done' },
      { id: 'publish', name: 'Publish the repository', action: 'publish:git', status: 'done' },
      { id: 'register', name: 'Register in the catalog', action: 'catalog:register', status: 'done' },
      { id: 'first-deploy', name: 'First deploy', action: 'cairn:action', status: 'done' },
    ]);
    const bare = join(remotes, 'team-orders/invoices.git');
    expect((end?.data.output as { links: unknown[] } | undefined)?.links).toEqual([
      { title: 'Repository', url: bare },
      { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/invoices' },
    ]);
    expect([end?.data.service, end?.data.team]).toEqual(['invoices', 'team-orders']);

    // The bare repository holds the rendered project.
    const { stdout: catalogInfo } = await run('git', ['--git-dir', bare, 'show', 'main:catalog-info.yaml']);
    expect(catalogInfo).toContain('  name: invoices\n');
    expect(catalogInfo).toContain('  owner: group:default/team-orders\n');

    // Registered in the catalog with its owner.
    const service = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services/invoices',
      headers: auth(),
    });
    expect(service.statusCode).toBe(200);
    expect(service.json().owner).toBe('team-orders');

    // The rendered service's own tests (node:test, no dependencies) pass in a fresh clone.
    const clone = mkdtempSync(join(tmpdir(), 'cairn-invoices-'));
    try {
      await run('git', ['clone', '--quiet', bare, clone]);
      const { stdout } = await run('npm', ['test'], { cwd: clone, env: { ...process.env, NO_COLOR: '1' } });
      expect(stdout).toMatch(/[#ℹ] pass 4\b/);
      expect(stdout).toMatch(/[#ℹ] fail 0\b/);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }

    // Onboarding time: from the task's start to the first successful production deploy.
    const deploy = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/changes',
      headers: auth(),
      payload: { service: 'invoices', environment: 'production', kind: 'deploy', status: 'succeeded' },
    });
    expect(deploy.statusCode).toBe(201);
    const onboarding = (
      await cairn.app.inject({ method: 'GET', url: '/api/v1/onboarding-time', headers: auth() })
    ).json();
    expect(onboarding.services).toHaveLength(1);
    const invoices = onboarding.services[0];
    expect([invoices.service, invoices.template, invoices.team]).toEqual([
      'invoices',
      'node-service',
      'team-orders',
    ]);
    expect(invoices.onboardingMs).toBe(
      Date.parse(invoices.firstProductionDeployAt) - Date.parse(invoices.taskStartedAt),
    );
    expect(invoices.onboardingMs).toBeGreaterThanOrEqual(0);
    expect(onboarding.byTeam).toEqual([
      { key: 'team-orders', services: 1, deployed: 1, medianOnboardingMs: invoices.onboardingMs },
    ]);
    expect(onboarding.byTemplate[0]).toMatchObject({ key: 'node-service', deployed: 1 });

    // The task's end is audited with its output.
    const audit = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=template.task.finished',
      headers: auth(),
    });
    const entry = (audit.json().items as { target: string; outcome: string }[]).find(
      (e) => e.target === `task:${taskId}`,
    );
    expect(entry?.outcome).toBe('succeeded');
  }, 180_000);

  it('refuses an unsupported action or filter up front, naming them', async () => {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/templates/unsupported/tasks',
      headers: auth(),
      payload: { values: {} },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'template "unsupported" cannot run in Cairn: step "a": unsupported action "acme:thing"; unsupported filter "shout"',
    );
  });

  it('refuses values the parameters do not allow, naming the field', async () => {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/templates/node-service/tasks',
      headers: auth(),
      payload: {
        values: {
          name: 'bad name!',
          owner: 'team-orders',
          system: 'orders',
          repoUrl: 'git.test?owner=a&repo=b',
        },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      'parameters.name: "bad name!" is not a valid entity name',
    );
  });

  it('retries a failed task from the failed step, keeping what the earlier steps did', async () => {
    const blocked = join(remotes, 'blocked');
    writeFileSync(blocked, 'a file where a directory should be');
    const created = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/templates/retryable/tasks',
      headers: auth(),
      payload: { values: { remote: join(blocked, 'repo.git') } },
    });
    const taskId = created.json().id as string;
    const failed = parseSse(
      (
        await cairn.app.inject({
          method: 'GET',
          url: `/api/v1/tasks/${taskId}/events`,
          headers: { ...auth(), accept: 'text/event-stream' },
        })
      ).body,
    ).at(-1)?.data;
    expect([failed?.status, failed?.failedStep]).toEqual(['failed', 'publish']);

    rmSync(blocked);
    const retried = await cairn.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/retry`,
      headers: auth(),
    });
    expect(retried.statusCode).toBe(200);
    const stream = await cairn.app.inject({
      method: 'GET',
      url: `/api/v1/tasks/${taskId}/events`,
      headers: { ...auth(), accept: 'text/event-stream' },
    });
    const events = parseSse(stream.body);
    const end = events.at(-1)?.data;
    expect([end?.status, end?.attempts]).toEqual(['succeeded', 2]);
    const messages = events.filter((e) => e.event === 'log').map((e) => e.data.message as string);
    // The skeleton was rendered once: the retry started at publish.
    expect(messages.filter((m) => m === 'Beginning step fetch')).toHaveLength(1);
    expect(messages).toContain('Retrying from step publish');
    const { stdout } = await run('git', ['--git-dir', join(blocked, 'repo.git'), 'show', 'main:hello.txt']);
    expect(stdout).toBe('hello world\n');
    const sha = (end?.output as { text: { content: string }[] } | undefined)?.text[0]?.content;
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  }, 120_000);
});
