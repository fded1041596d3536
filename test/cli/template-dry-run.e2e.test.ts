/** `cairn template dry-run <dir>` checks a template in CI without a server: tree written, files listed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../src/modules/templates/test-support.ts';
import { runCairn } from '../support/start-cairn.ts';

const work = mkdtempSync(join(tmpdir(), 'cairn-template-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cairn template dry-run', () => {
  it('renders a template directory offline into --output and prints the file list', async () => {
    const values = join(work, 'values.json');
    writeFileSync(
      values,
      JSON.stringify({
        name: 'payments-handbook',
        description: 'How payments work',
        repoUrl: 'github.com?owner=acme&repo=payments-handbook',
      }),
    );
    const output = join(work, 'out');
    const result = await runCairn([
      'template',
      'dry-run',
      join(sharedDataDir(), 'backstage-templates/docs-template'),
      '--values',
      values,
      '--output',
      output,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('catalog-info.yaml\ndocs/index.md\nmkdocs.yml\n');
    expect(readFileSync(join(output, 'mkdocs.yml'), 'utf8').split('\n')[0]).toBe(
      'site_name: "payments-handbook"',
    );
  });

  it('fails naming the parameter a value is missing for', async () => {
    const result = await runCairn([
      'template',
      'dry-run',
      join(sharedDataDir(), 'backstage-templates/docs-template'),
      '--values',
      '{"name":"x"}',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('parameters.description is required');
  });
});
