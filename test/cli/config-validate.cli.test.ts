/**
 * `cairn config validate --files` as a CI step on a working tree: the cairn.yaml and every
 * settings directory it names are checked with the server's loaders; a git source is checked in
 * the working tree given with --tree, and named as not checked without it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('reads a catalog source that is one YAML file of several documents, naming its problems file:line', async () => {
    const tree = workingTree();
    const config = join(tree, 'deploy', 'cairn.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('path: ../catalog }', 'path: ../catalog.yaml }'),
    );
    const catalog = join(tree, 'catalog.yaml');
    const cart =
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  lifecycle: production\n  owner: team-orders\n';
    writeFileSync(catalog, `${cart}---\n${cart.replace('name: cart', 'name: wishlist')}`);
    const valid = await runCairn(['config', 'validate', config, '--tree', tree]);
    expect(valid).toEqual({
      code: 0,
      stdout: `${config} is valid\n5 directories checked, 0 problems\n`,
      stderr: '',
    });

    // The second document (from line 10) has no owner; the third is not YAML.
    writeFileSync(
      catalog,
      `${cart}---\n${cart.replace('name: cart', 'name: wishlist').replace('  owner: team-orders\n', '')}---\nkind: [Component\n`,
    );
    const result = await runCairn(['config', 'validate', config, '--tree', tree]);
    expect(result.stdout).toBe(
      `${config} is valid\n` +
        `catalog: ${catalog}:14: spec.owner: Invalid input: expected string, received undefined\n` +
        `catalog: ${catalog}:19: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n` +
        '5 directories checked, 2 problems\n',
    );
    expect(result.code).toBe(1);
  }, 60_000);
});
