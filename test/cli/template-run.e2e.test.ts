/**
 * `cairn template list|dry-run|run` against a real `cairn up` with the shipped golden paths: the
 * list, a dry run by name through the API (the tree written, nothing pushed), and a run followed to
 * its end that pushes the node-service for `ledger` to a local bare repository.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const EXAMPLE_TEMPLATES = fileURLToPath(new URL('../../examples/templates', import.meta.url));

let cairn: CairnProcess;
let root: string;
const cli = (args: string[]) => runCairn([...args, '--url', cairn.url, '--token', cairn.adminToken]);
const ledger = JSON.stringify({
  name: 'ledger',
  owner: 'group:default/team-orders',
  system: 'orders',
  repoUrl: 'git.test?owner=team-orders&repo=ledger',
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cairn-template-cli-run-'));
  mkdirSync(join(root, 'remotes'));
  writeFileSync(
    join(root, 'cairn.yaml'),
    `templates:\n  paths: [${EXAMPLE_TEMPLATES}]\n  gitRemotes:\n    git.test: ${join(root, 'remotes')}\n`,
  );
  cairn = await startCairn({ args: ['--config', join(root, 'cairn.yaml')] });
}, 120_000);

afterAll(async () => {
  await cairn?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('cairn template against a running Cairn', () => {
  it('lists the golden paths with their steps', async () => {
    const result = await cli(['template', 'list']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(
      [
        'node-service\tNode.js HTTP service\tfetch:template, publish:git, catalog:register, cairn:action',
        'scheduled-job\tScheduled job (CronJob)\tfetch:template, publish:git, catalog:register',
        '',
      ].join('\n'),
    );
  }, 90_000);

  it('dry-runs a template by name: the tree is written and listed, nothing is pushed', async () => {
    const output = join(root, 'dry-run');
    const result = await cli(['template', 'dry-run', 'node-service', '--values', ledger, '--output', output]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const listed = result.stdout.trim().split('\n');
    expect(listed).toContain('catalog-info.yaml');
    expect(listed).toContain('src/server.js');
    expect(listed).toContain('chart/templates/deployment.yaml');
    expect(readFileSync(join(output, 'catalog-info.yaml'), 'utf8')).toContain('  name: ledger\n');
    expect(readdirSync(join(root, 'remotes'))).toEqual([]);
  }, 90_000);

  it('runs a template and follows its log to the end; the repository is pushed', async () => {
    const result = await cli(['template', 'run', 'node-service', '--values', ledger, '--follow']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('[fetch] Beginning step Render the skeleton');
    expect(lines).toContain('[register] Finished step Register in the catalog');
    expect(lines.at(-1)).toBe('Task succeeded');
    const bare = join(root, 'remotes', 'team-orders/ledger.git');
    expect(existsSync(bare)).toBe(true);
    expect(
      execFileSync('git', ['--git-dir', bare, 'show', 'main:catalog-info.yaml'], { encoding: 'utf8' }),
    ).toContain('  owner: group:default/team-orders\n');
  }, 120_000);
});
