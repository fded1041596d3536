/**
 * Where docs are read from, on each state dialect: the catalog store names the source of each
 * entity, the sync knows where that source is on disk (a directory, a single descriptor file, a git
 * working copy), and a new commit's docs show once the sync has fetched it and the cache expired.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import {
  type CatalogSourceConfig,
  createCatalogStore,
  createCatalogSync,
} from '../../src/modules/catalog/index.ts';
import { createServiceDocsService } from '../../src/modules/service-docs/index.ts';
import { stateDialects } from '../support/state-dialects.ts';

function descriptor(name: string): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: team-orders
`;
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A clock the test moves, so the docs cache can be passed without waiting. */
function movableClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2026-12-01T10:00:00.000Z');
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe.each(await stateDialects())('docs read from catalog sources on $dialect', (fixture) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
  });

  async function setup(sources: CatalogSourceConfig[]) {
    const state = await fixture.open();
    dispose = state.dispose;
    const store = createCatalogStore(state.db);
    const clock = movableClock();
    const sync = createCatalogSync({
      store,
      sources,
      checkoutDir: join(mkdtempSync(join(tmpdir(), 'cairn-docs-data-')), 'catalog-sources'),
      gitTimeoutMs: 30_000,
      clock,
      logger: createLogger('silent'),
    });
    const docs = createServiceDocsService({
      components: () => store.listEntitiesWithSource(['Component']),
      sourceRoot: (id) => sync.sourceRoot(id),
      runbooks: () => [],
      clock,
    });
    return { sync, docs, clock };
  }

  it('reads docs beside a descriptor configured as a single file and in a directory source', async () => {
    const file = mkdtempSync(join(tmpdir(), 'cairn-docs-file-'));
    writeFiles(file, { 'catalog-info.yaml': descriptor('billing'), 'docs/index.md': '# Billing\n' });
    const dir = mkdtempSync(join(tmpdir(), 'cairn-docs-dir-'));
    writeFiles(dir, { 'audit/catalog-info.yaml': descriptor('audit'), 'audit/docs/index.md': '# Audit\n' });
    const { sync, docs } = await setup([
      { type: 'dir', path: join(file, 'catalog-info.yaml') },
      { type: 'dir', path: dir },
    ]);
    // Before the first sync the catalog holds nothing, and the answer says so.
    await expect(docs.describe('audit')).rejects.toThrow('service "audit" is not in the catalog');
    await sync.sync();
    expect((await docs.describe('billing')).pages).toEqual([{ path: 'index.md', title: 'Billing' }]);
    expect((await docs.describe('audit')).pages).toEqual([{ path: 'index.md', title: 'Audit' }]);
  });

  it("follows a git source's new commit after the sync and the 5-second cache", async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-docs-git-'));
    const bare = join(root, 'repo.git');
    const work = join(root, 'work');
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    git(root, 'clone', '--quiet', bare, work);
    git(work, 'checkout', '--quiet', '-b', 'main');
    writeFiles(work, { 'svc/catalog-info.yaml': descriptor('orders'), 'svc/docs/index.md': '# Orders v1\n' });
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', 'v1');
    git(work, 'push', '--quiet', 'origin', 'main');
    const { sync, docs, clock } = await setup([{ type: 'git', url: bare, ref: 'main' }]);
    await sync.sync();
    expect((await docs.page('orders', 'index.md')).title).toBe('Orders v1');

    writeFiles(work, { 'svc/docs/index.md': '# Orders v2\n' });
    git(work, 'commit', '--quiet', '-am', 'v2');
    git(work, 'push', '--quiet', 'origin', 'main');
    await sync.sync();
    expect((await docs.page('orders', 'index.md')).title).toBe('Orders v1');
    clock.advance(5_000);
    expect((await docs.page('orders', 'index.md')).title).toBe('Orders v2');
  });
});
