/**
 * Actions, templates and policies from a real git repository (a bare repository pushed to with the
 * git CLI), each kind through the one config reconciler: a commit that breaks each of them leaves
 * the last good action, template and policy running, and every problem is reported with file:line
 * by the status API and /metrics; the fix applies on the next sync.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigSourceStatus } from '../../src/modules/config-sources/index.ts';
import { TEMPLATE_COPIES_KEPT } from '../../src/modules/templates/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { git } from './git-as-ada.ts';

const action = (title: string, executor: string) => `id: open-logs
title: ${title}
description: Opens the service's logs.
target: service
operation: day-2
inputs:
  type: object
  properties: {}
executor:
  kind: ${executor}
  settings:
    url: /logs?q=service:\${{ service }}
    title: Logs
guardrails:
  allowed:
    roles: [admin, platform, member]
  oneRunPerService: false
  timeoutSeconds: 30
`;

const template = (title: string, secondStepId: string) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: hello
  title: ${title}
spec:
  owner: team-a
  type: service
  steps:
    - id: greet
      name: Greet
      action: debug:log
      input: { message: hello }
    - id: ${secondStepId}
      name: Say goodbye
      action: debug:log
      input: { message: goodbye }
    - id: skeleton
      action: fetch:template
      input: { url: ./skeleton }
`;

const policy = (message: string, expression: string) => `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: no-privileged
spec:
  validationActions: [Deny]
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: ${expression}
      message: ${message}
`;
const GOOD_EXPRESSION = 'object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))';

describe('actions, templates and policies from a git source', () => {
  let cairn: InProcessCairn;
  let work: string;
  let bare: string;
  let good: string;
  const label = (path: string) => `git:${bare}#main:${path}`;

  const commit = (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), text);
    }
    git(work, 'add', '.');
    git(work, 'commit', '-qm', message);
    git(work, 'push', '-q', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  };
  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const response = await cairn.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${cairn.adminToken}` },
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const KINDS = ['actions', 'templates', 'policies'];
  const sources = async () =>
    (await api<{ items: ConfigSourceStatus[] }>('GET', '/api/v1/config/sources')).items.filter((s) =>
      KINDS.includes(s.kind),
    );
  const sync = async () =>
    (await api<{ items: ConfigSourceStatus[] }>('POST', '/api/v1/config/sources/sync', {})).items.filter(
      (s) => KINDS.includes(s.kind),
    );
  const actionTitles = async () =>
    (await api<{ items: Array<{ id: string; title: string; source: string }> }>('GET', '/api/v1/actions'))
      .items;
  const templateTitles = async () =>
    (await api<{ items: Array<{ name: string; title: string }> }>('GET', '/api/v1/templates')).items.map(
      (t) => `${t.name}: ${t.title}`,
    );
  /** The README the template renders: its skeleton is that of the commit the template came from. */
  const renderedReadme = async () =>
    (
      await api<{ status: string; files: Array<{ path: string; content: string | null }> }>(
        'POST',
        '/api/v1/templates/hello/dry-run',
        { values: {} },
      )
    ).files.find((file) => file.path === 'README.md')?.content;
  /** What admission answers for a privileged pod: the message of the policy running. */
  const privilegedPodVerdict = async () => {
    const body = await api<{ response: { allowed: boolean; status?: { message: string } } }>(
      'POST',
      '/api/v1/admission',
      {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: 'uid-1',
          kind: { group: '', version: 'v1', kind: 'Pod' },
          resource: { group: '', version: 'v1', resource: 'pods' },
          operation: 'CREATE',
          namespace: 'shop',
          name: 'miner',
          object: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'miner' },
            spec: { containers: [{ name: 'app', image: 'miner:1', securityContext: { privileged: true } }] },
          },
          userInfo: { username: 'ada', groups: [] },
        },
      },
    );
    return body.response;
  };

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-kinds-git-'));
    bare = join(root, 'config.git');
    work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    git(work, 'remote', 'add', 'origin', bare);
    good = commit(
      {
        'actions/open-logs.yaml': action('Open the logs', 'link'),
        'templates/hello/template.yaml': template('Hello service', 'farewell'),
        'templates/hello/skeleton/README.md': 'Hello, first skeleton\n',
        'policies/no-privileged.yaml': policy('Privileged containers are not allowed.', GOOD_EXPRESSION),
      },
      'first configuration',
    );
    cairn = await startInProcess({
      config: {
        // No runbooks: those of the examples name actions this repository does not define.
        runbooks: { dir: join(root, 'no-runbooks') },
        gitops: {
          sources: [
            { kind: 'actions', type: 'git', url: bare, ref: 'main', path: 'actions' },
            { kind: 'templates', type: 'git', url: bare, ref: 'main', path: 'templates' },
            { kind: 'policies', type: 'git', url: bare, ref: 'main', path: 'policies' },
          ],
          pollIntervalSeconds: 0,
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('runs the action, template and policy of the followed branch', async () => {
    expect(await actionTitles()).toEqual([
      expect.objectContaining({
        id: 'open-logs',
        title: 'Open the logs',
        source: 'actions/open-logs.yaml:1',
      }),
    ]);
    expect(await templateTitles()).toEqual(['hello: Hello service']);
    expect(await privilegedPodVerdict()).toMatchObject({
      allowed: false,
      status: {
        message: "policy 'no-privileged' denied the request: Privileged containers are not allowed.",
      },
    });
    // Each object names its file (read-only in Cairn); a local repository has no forge link.
    for (const [kind, name, path] of [
      ['actions', 'open-logs', 'actions/open-logs.yaml'],
      ['templates', 'hello', 'templates/hello/template.yaml'],
      ['policies', 'no-privileged', 'policies/no-privileged.yaml'],
    ]) {
      expect(await api('GET', `/api/v1/config/objects/${kind}/${name}`)).toEqual({
        source: label(kind ?? ''),
        path,
        line: 1,
        url: null,
      });
    }
    const missing = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/config/objects/actions/deploy',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'no actions object "deploy" in a config source' },
    });
    expect((await sources()).map((s) => [s.kind, s.label, s.state, s.appliedRevision, s.objects])).toEqual([
      ['actions', label('actions'), 'applied', good, 1],
      ['templates', label('templates'), 'applied', good, 1],
      ['policies', label('policies'), 'applied', good, 1],
    ]);
  });

  it('keeps the last good action, template and policy when a commit breaks each, and reports file:line', async () => {
    const bad = commit(
      {
        'actions/open-logs.yaml': action('Open the logs (new)', 'teleport'),
        'templates/hello/template.yaml': template('Hello service (new)', 'greet'),
        'templates/hello/skeleton/README.md': 'Hello, refused skeleton\n',
        'policies/no-privileged.yaml': policy(
          'No privileged containers (new).',
          'object.spec.containers.all(c,',
        ),
      },
      'break every kind',
    );
    const synced = await sync();
    const known = Object.keys(cairn.runtime.actions.executors).sort().join(', ');
    expect(
      synced.map((s) => [s.kind, s.state, s.revision, s.appliedRevision, s.objects, s.problems]),
    ).toEqual([
      [
        'actions',
        'invalid',
        bad,
        good,
        1,
        [
          {
            file: 'actions/open-logs.yaml',
            line: 10,
            message: `executor.kind: "teleport" is not an executor this Cairn has (known: ${known})`,
          },
        ],
      ],
      [
        'templates',
        'invalid',
        bad,
        good,
        1,
        [
          {
            file: 'templates/hello/template.yaml',
            line: 14,
            message: 'spec.steps[1].id: "greet" is used twice; the first is step 0',
          },
        ],
      ],
      [
        'policies',
        'invalid',
        bad,
        good,
        1,
        [
          {
            file: 'policies/no-privileged.yaml',
            line: 14,
            message: 'spec.validations.0.expression: CEL does not compile: Unexpected token: EOF',
          },
        ],
      ],
    ]);
    expect(await actionTitles()).toEqual([
      expect.objectContaining({ id: 'open-logs', title: 'Open the logs' }),
    ]);
    expect(await templateTitles()).toEqual(['hello: Hello service']);
    expect(await renderedReadme()).toBe('Hello, first skeleton\n');
    // The actions list shows why the new revision was refused.
    expect((await api<{ problems: unknown[] }>('GET', '/api/v1/actions')).problems).toEqual([
      {
        file: 'actions/open-logs.yaml',
        line: 10,
        message: `executor.kind: "teleport" is not an executor this Cairn has (known: ${known})`,
      },
    ]);
    expect(await privilegedPodVerdict()).toMatchObject({
      allowed: false,
      status: {
        message: "policy 'no-privileged' denied the request: Privileged containers are not allowed.",
      },
    });

    const metrics = (await cairn.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const kind of ['actions', 'templates', 'policies']) {
      const labels = `kind="${kind}",source="${label(kind)}"`;
      expect(metrics).toContain(`cairn_config_source_up_to_date{${labels}} 0`);
      expect(metrics).toContain(`cairn_config_source_problems{${labels}} 1`);
    }
    expect(metrics).toContain(
      `cairn_config_source_last_error_info{kind="templates",source="${label('templates')}",error="templates/hello/template.yaml:14: spec.steps[1].id: \\"greet\\" is used twice; the first is step 0"} 1`,
    );
  });

  it('applies the fix on the next sync', async () => {
    const fixed = commit(
      {
        'actions/open-logs.yaml': action('Open the logs (fixed)', 'link'),
        'templates/hello/template.yaml': template('Hello service (fixed)', 'farewell'),
        'templates/hello/skeleton/README.md': 'Hello, fixed skeleton\n',
        'policies/no-privileged.yaml': policy('No privileged containers (fixed).', GOOD_EXPRESSION),
      },
      'fix every kind',
    );
    const synced = await sync();
    expect(synced.map((s) => [s.kind, s.state, s.appliedRevision, s.problems])).toEqual([
      ['actions', 'applied', fixed, []],
      ['templates', 'applied', fixed, []],
      ['policies', 'applied', fixed, []],
    ]);
    expect(await actionTitles()).toEqual([
      expect.objectContaining({ id: 'open-logs', title: 'Open the logs (fixed)' }),
    ]);
    expect(await templateTitles()).toEqual(['hello: Hello service (fixed)']);
    expect(await renderedReadme()).toBe('Hello, fixed skeleton\n');
    expect(await privilegedPodVerdict()).toMatchObject({
      status: { message: "policy 'no-privileged' denied the request: No privileged containers (fixed)." },
    });
  });

  it(`keeps the ${TEMPLATE_COPIES_KEPT} newest copies of the template source, one per commit applied, and removes older ones`, async () => {
    const revisions: string[] = [];
    for (const n of [1, 2, 3]) {
      revisions.push(
        commit({ 'templates/hello/skeleton/README.md': `Hello, skeleton ${n}\n` }, `skeleton ${n}`),
      );
      expect((await sync()).find((s) => s.kind === 'templates')?.appliedRevision).toBe(revisions.at(-1));
    }
    expect(await renderedReadme()).toBe('Hello, skeleton 3\n');
    // Five commits applied (first, fixed, and these three); the refused one was never copied.
    const copies = readdirSync(join(cairn.dataDir, 'config-sources', 'templates')).map(
      (name) => name.split('-')[0],
    );
    expect(copies.sort()).toEqual([...revisions].sort());
  });
});
