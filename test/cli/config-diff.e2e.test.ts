/**
 * `cairn config diff` against a running Cairn started on the example configuration: a copy of
 * the example tree has no difference; after one object is added and one changed per kind, it lists
 * exactly those, grouped by kind, with the exit codes CI relies on.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

/** The example tree, with a cairn.yaml naming each kind's directory in it. */
function exampleTree(): string {
  const tree = mkdtempSync(join(tmpdir(), 'cairn-config-diff-'));
  for (const dir of ['catalog', 'actions', 'runbooks', 'policies', 'templates'])
    cpSync(join(EXAMPLES, dir), join(tree, dir), { recursive: true });
  writeFileSync(
    join(tree, 'cairn.yaml'),
    `catalog:
  sources: [{ type: dir, path: catalog }]
actions:
  dir: actions
runbooks:
  dir: runbooks
policy:
  paths: [policies]
templates:
  paths: [templates]
`,
  );
  return tree;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(file, text.replace(from, to));
}

describe('cairn config diff', () => {
  let cairn: CairnProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    cairn = await startCairn({ args: ['--config', 'examples/cairn.yaml'] });
    env = { CAIRN_URL: cairn.url, CAIRN_TOKEN: cairn.adminToken };
  }, 120_000);
  afterAll(async () => {
    await cairn?.stop();
  });

  it('lists exactly the object added and the one changed of each kind, grouped by kind; an unchanged tree has none', async () => {
    const tree = exampleTree();
    const config = join(tree, 'cairn.yaml');
    const same = await runCairn(['config', 'diff', config, '--exit-code'], env);
    expect(same).toEqual({ code: 0, stdout: '', stderr: '0 added, 0 changed, 0 removed\n' });

    // catalog: one service added, one changed
    edit(join(tree, 'catalog', 'services', 'cart.yaml'), 'lifecycle: production', 'lifecycle: experimental');
    writeFileSync(
      join(tree, 'catalog', 'services', 'wishlist.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: wishlist
spec: { type: service, lifecycle: experimental, owner: group:team-orders, system: orders }
`,
    );
    // actions: one added (a copy under a new id), one changed
    edit(join(tree, 'actions', 'open-logs.yaml'), "title: Open the service's logs", 'title: Tail the logs');
    writeFileSync(
      join(tree, 'actions', 'open-traces.yaml'),
      readFileSync(join(tree, 'actions', 'open-logs.yaml'), 'utf8').replace(
        'id: open-logs',
        'id: open-traces',
      ),
    );
    // runbooks: one added, one changed
    edit(join(tree, 'runbooks', 'disk-pressure.md'), 'owner: team-platform', 'owner: team-orders');
    writeFileSync(
      join(tree, 'runbooks', 'cert-expiry.md'),
      '---\nid: cert-expiry\ntitle: A certificate expires soon\nowner: team-platform\napplies-to:\n  alerts: [CertExpiry]\n---\n\n# A certificate expires soon\n\n## Renew it\n\nRun the renewal job.\n',
    );
    // policies: one added, one changed
    edit(
      join(tree, 'policies', 'required-labels.yaml'),
      'validationActions: [Warn, Audit]',
      'validationActions: [Deny, Audit]',
    );
    writeFileSync(
      join(tree, 'policies', 'no-latest-tag.yaml'),
      readFileSync(join(tree, 'policies', 'required-labels.yaml'), 'utf8').replace(
        'name: required-labels',
        'name: no-latest-tag',
      ),
    );

    // templates: one added (a copy under a new name), one changed in its template.yaml and its skeleton
    edit(
      join(tree, 'templates', 'scheduled-job', 'template.yaml'),
      'title: Scheduled job (CronJob)',
      'title: Scheduled job',
    );
    writeFileSync(join(tree, 'templates', 'scheduled-job', 'skeleton', 'run.sh'), '#!/bin/sh\nexec ./job\n');
    cpSync(join(tree, 'templates', 'scheduled-job'), join(tree, 'templates', 'nightly-job'), {
      recursive: true,
    });
    edit(join(tree, 'templates', 'nightly-job', 'template.yaml'), 'name: scheduled-job', 'name: nightly-job');

    const diff = await runCairn(['config', 'diff', config, '--exit-code'], env);
    expect(diff.stdout).toBe(
      [
        '+ catalog component:wishlist',
        '~ catalog component:cart (lifecycle)',
        '+ actions open-traces',
        '~ actions open-logs (title)',
        '+ runbooks cert-expiry',
        '~ runbooks disk-pressure (owner)',
        '+ templates nightly-job',
        '~ templates scheduled-job (files, title)',
        '+ policies no-latest-tag',
        '~ policies required-labels (validationActions)',
        '',
      ].join('\n'),
    );
    expect(diff.stderr).toBe('5 added, 5 changed, 0 removed\n');
    expect(diff.code).toBe(2);

    // Without --exit-code a difference is not a failure; --json gives the same by kind.
    const json = await runCairn(['config', 'diff', config, '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      catalog: {
        added: ['component:wishlist'],
        changed: [{ name: 'component:cart', fields: ['lifecycle'] }],
        removed: [],
      },
      actions: { added: ['open-traces'], changed: [{ name: 'open-logs', fields: ['title'] }], removed: [] },
      runbooks: {
        added: ['cert-expiry'],
        changed: [{ name: 'disk-pressure', fields: ['owner'] }],
        removed: [],
      },
      templates: {
        added: ['nightly-job'],
        changed: [{ name: 'scheduled-job', fields: ['files', 'title'] }],
        removed: [],
      },
      policies: {
        added: ['no-latest-tag'],
        changed: [{ name: 'required-labels', fields: ['validationActions'] }],
        removed: [],
      },
    });
  }, 300_000);

  it('compares one source with --kind, and a directory alone as the catalog; removed objects are listed', async () => {
    const tree = exampleTree();
    rmSync(join(tree, 'runbooks', 'slow-database.md'));
    const runbooks = await runCairn(['config', 'diff', '--kind', 'runbooks', join(tree, 'runbooks')], env);
    expect(runbooks).toEqual({
      code: 0,
      stdout: '- runbooks slow-database\n',
      stderr: '0 added, 0 changed, 1 removed\n',
    });

    rmSync(join(tree, 'catalog', 'services', 'cart.yaml'));
    const catalog = await runCairn(['config', 'diff', join(tree, 'catalog'), '--exit-code'], env);
    expect(catalog).toEqual({
      code: 2,
      stdout: '- catalog component:cart\n',
      stderr: '0 added, 0 changed, 1 removed\n',
    });

    // A catalog given as one YAML file of several documents compares as the directory would.
    const single = join(tree, 'catalog.yaml');
    const descriptors = readdirSync(join(EXAMPLES, 'catalog'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.yaml$/.test(file) && !file.endsWith('mkdocs.yaml'))
      .sort()
      .map((file) => readFileSync(join(EXAMPLES, 'catalog', file), 'utf8'));
    writeFileSync(
      single,
      descriptors.join('\n---\n').replace('lifecycle: production', 'lifecycle: experimental'),
    );
    const fromFile = await runCairn(['config', 'diff', '--kind', 'catalog', single], env);
    expect(fromFile).toEqual({
      code: 0,
      stdout: '~ catalog component:cart (lifecycle)\n',
      stderr: '0 added, 1 changed, 0 removed\n',
    });

    // A file Cairn would refuse: nothing is compared, the problem is named file:line, exit 1.
    writeFileSync(
      join(tree, 'catalog', 'broken.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: broken\nspec:\n  type: service\n  lifecycle: production\n',
    );
    const refused = await runCairn(['config', 'diff', join(tree, 'catalog'), '--exit-code'], env);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'cairn: the files have problems, nothing compared:\n  broken.yaml:5: spec.owner: Invalid input: expected string, received undefined\n',
    });

    const unknown = await runCairn(['config', 'diff', '--kind', 'slos', join(tree, 'catalog')], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'cairn: --kind "slos" is not one of catalog, actions, runbooks, templates, policies\n',
    );
  }, 240_000);
});
