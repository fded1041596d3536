import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const EXAMPLE_CATALOG = new URL('../../examples/catalog/', import.meta.url).pathname;

describe('cairn config diff DIR', () => {
  let cairn: CairnProcess;
  beforeAll(async () => {
    cairn = await startCairn({ args: ['--config', 'examples/cairn.yaml'] });
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  it('lists exactly the service added and the one changed; the running catalog itself has no difference', async () => {
    const env = { CAIRN_URL: cairn.url, CAIRN_TOKEN: cairn.adminToken };
    const same = await runCairn(['config', 'diff', EXAMPLE_CATALOG, '--exit-code'], env);
    expect(same.stdout).toBe('');
    expect(same.stderr).toBe('0 added, 0 changed, 0 removed\n');
    expect(same.code).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'cairn-config-diff-'));
    cpSync(EXAMPLE_CATALOG, dir, { recursive: true });
    const cart = join(dir, 'services', 'cart.yaml');
    writeFileSync(
      cart,
      readFileSync(cart, 'utf8').replace('lifecycle: production', 'lifecycle: experimental'),
    );
    writeFileSync(
      join(dir, 'services', 'wishlist.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: wishlist
spec: { type: service, lifecycle: experimental, owner: group:team-orders, system: orders }
`,
    );
    const diff = await runCairn(['config', 'diff', dir, '--exit-code'], env);
    expect(diff.stdout).toBe('+ service wishlist\n~ service cart (lifecycle)\n');
    expect(diff.stderr).toBe('1 added, 1 changed, 0 removed\n');
    expect(diff.code).toBe(2);
  }, 180_000);
});
