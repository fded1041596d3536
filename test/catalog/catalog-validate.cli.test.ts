import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCairn } from '../support/start-cairn.ts';

describe('cairn catalog validate', () => {
  it('accepts the example catalog', async () => {
    const result = await runCairn(['catalog', 'validate', 'examples/catalog']);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: 'examples/catalog is valid: 13 files, 22 entities\n',
    });
  });

  it('names file, line and problem for each broken descriptor and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-validate-'));
    writeFileSync(
      join(dir, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\nspec:\n  type: service\n  owner: team-orders\n',
    );
    writeFileSync(
      join(dir, 'broken.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: orders\n  name: billing\n',
    );
    const result = await runCairn(['catalog', 'validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${join(dir, 'broken.yaml')}:5: invalid YAML: Map keys must be unique\n` +
        `${join(dir, 'catalog-info.yaml')}:5: spec.lifecycle: Invalid input: expected string, received undefined\n`,
    );
    expect(result.stderr).toBe(`cairn: ${dir}: 2 problems (2 files, 0 entities)\n`);
  });
});
