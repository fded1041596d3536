/**
 * `cairn config validate --files` as a CI step on a working tree: the cairn.yaml and every
 * settings directory it names are checked with the server's loaders; a git source is checked in
 * the working tree given with --tree, and named as not checked without it.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineExecutorRegistry } from '../../src/modules/actions/index.ts';
import { runCairn } from '../support/start-cairn.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

function workingTree(): string {
  const tree = mkdtempSync(join(tmpdir(), 'cairn-config-tree-'));
  for (const dir of ['catalog', 'actions', 'runbooks', 'policies', 'templates'])
    cpSync(join(EXAMPLES, dir), join(tree, dir), { recursive: true });
  mkdirSync(join(tree, 'deploy'));
  writeFileSync(
    join(tree, 'deploy', 'cairn.yaml'),
    `catalog:
  sources: [{ type: dir, path: ../catalog }]
runbooks:
  dir: ../runbooks
policy:
  paths: [../policies]
templates:
  paths: [../templates]
gitops:
  sources:
    - { kind: actions, type: git, url: https://git.example.com/shop/cairn-config.git, ref: main, path: actions }
`,
  );
  return tree;
}

describe('cairn config validate --files', () => {
  it('passes the example configuration checked in a working tree', async () => {
    const tree = workingTree();
    const result = await runCairn(['config', 'validate', join(tree, 'deploy', 'cairn.yaml'), '--tree', tree]);
    expect(result).toEqual({
      code: 0,
      stdout: `${join(tree, 'deploy', 'cairn.yaml')} is valid\n5 directories checked, 0 problems\n`,
      stderr: '',
    });
  }, 60_000);

  it('names every problem with file:line and exits 1; a git source needs --tree', async () => {
    const tree = workingTree();
    const config = join(tree, 'deploy', 'cairn.yaml');
    writeFileSync(
      join(tree, 'actions', 'open-logs.yaml'),
      `id: open-logs
title: Open the logs
target: service
operation: day-2
inputs: { type: object, properties: {} }
executor:
  kind: teleport
  settings: {}
`,
    );
    writeFileSync(
      join(tree, 'catalog', 'broken.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: broken\nspec:\n  type: service\n  lifecycle: production\n',
    );
    const known = Object.keys(offlineExecutorRegistry).sort().join(', ');
    const result = await runCairn(['config', 'validate', config, '--tree', tree]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${config} is valid\n` +
        `catalog: broken.yaml:5: spec.owner: Invalid input: expected string, received undefined\n` +
        `actions: ${join(tree, 'actions', 'open-logs.yaml')}:7: executor.kind: "teleport" is not an executor this Cairn has (known: ${known})\n` +
        '5 directories checked, 2 problems\n',
    );

    const withoutTree = await runCairn(['config', 'validate', config, '--files']);
    expect(withoutTree.stdout).toBe(
      `${config} is valid\n` +
        `catalog: broken.yaml:5: spec.owner: Invalid input: expected string, received undefined\n` +
        'not checked (no --tree): actions from git https://git.example.com/shop/cairn-config.git:actions\n' +
        '4 directories checked, 1 problem\n',
    );
    expect(withoutTree.code).toBe(1);
  }, 60_000);
});
