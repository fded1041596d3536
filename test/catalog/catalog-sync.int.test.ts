import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import type { CatalogSourceConfig } from '../../src/modules/catalog/catalog-sync.service.ts';
import {
  createCatalogService,
  createCatalogStore,
  createCatalogSync,
  noObservedTelemetry,
  type ObservedTelemetry,
} from '../../src/modules/catalog/index.ts';
import { stateDialects } from '../support/state-dialects.ts';

const NOW = new Date('2026-11-25T10:00:00.000Z');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function component(name: string, owner: string, extra = ''): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    github.com/project-slug: acme-shop/${name}
${extra}spec:
  type: service
  lifecycle: production
  owner: ${owner}
  system: orders
`;
}

/** A bare repository (what a git host serves) and a working clone to commit into. */
function gitRemote() {
  const root = mkdtempSync(join(tmpdir(), 'cairn-catalog-git-'));
  const bare = join(root, 'catalog.git');
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  git(work, 'checkout', '--quiet', '-b', 'main');
  return {
    bare,
    write(path: string, text: string) {
      mkdirSync(join(work, path, '..'), { recursive: true });
      writeFileSync(join(work, path), text);
    },
    remove(path: string) {
      rmSync(join(work, path));
    },
    commit(message: string) {
      git(work, 'add', '-A');
      git(work, 'commit', '--quiet', '-m', message);
      git(work, 'push', '--quiet', 'origin', 'main');
    },
  };
}

describe.each(await stateDialects())('catalog sync on $dialect', (fixture) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
  });

  async function setup(sources: CatalogSourceConfig[], telemetry: ObservedTelemetry = noObservedTelemetry) {
    const state = await fixture.open();
    dispose = state.dispose;
    const store = createCatalogStore(state.db);
    const clock = fixedClock(NOW);
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-catalog-data-'));
    const sync = createCatalogSync({
      store,
      sources,
      checkoutDir: join(dataDir, 'catalog-sources'),
      gitTimeoutMs: 30_000,
      clock,
      logger: createLogger('silent'),
    });
    const catalog = createCatalogService({ store, telemetry, recentChanges: async () => [], clock });
    return { sync, catalog };
  }

  it('reads a git repository, follows its new commits, and drops an entity removed from it', async () => {
    const remote = gitRemote();
    remote.write('services/cart.yaml', component('cart', 'group:team-orders'));
    remote.write('services/checkout.yaml', component('checkout', 'team-orders'));
    remote.write('.github/workflows/ci.yaml', 'name: ci\non: push\n');
    remote.commit('two services');
    const { sync, catalog } = await setup([{ type: 'git', url: remote.bare, ref: 'main' }]);

    const [first] = await sync.sync();
    expect(first).toMatchObject({ ok: true, entities: 2, problems: 0, error: null });
    expect(first?.revision).toMatch(/^[0-9a-f]{40}$/);
    const names = async () =>
      (await catalog.listServices()).map((s) => `${s.name}:${s.owner}:${s.system}:${s.source}`);
    expect(await names()).toEqual(['cart:team-orders:orders:catalog', 'checkout:team-orders:orders:catalog']);

    remote.remove('services/checkout.yaml');
    remote.write('services/payment.yaml', component('payment', 'team-payments'));
    remote.commit('checkout retired, payment added');
    await sync.sync();
    expect(await names()).toEqual([
      'cart:team-orders:orders:catalog',
      'payment:team-payments:orders:catalog',
    ]);
    expect(await catalog.listErrors()).toEqual([]);
  });

  it('reports a broken file with file:line and keeps every valid entity of the same source', async () => {
    const remote = gitRemote();
    remote.write('cart.yaml', component('cart', 'team-orders'));
    remote.write('broken.yaml', component('checkout', 'team-orders').replace('  owner: team-orders\n', ''));
    remote.commit('one broken');
    const { sync, catalog } = await setup([{ type: 'git', url: remote.bare }]);
    await sync.sync();
    expect((await catalog.listServices()).map((s) => s.name)).toEqual(['cart']);
    expect(await catalog.listErrors()).toEqual([
      {
        source: `git:${remote.bare}`,
        file: 'broken.yaml',
        line: 7,
        message: 'spec.owner: Invalid input: expected string, received undefined',
        at: NOW.toISOString(),
      },
    ]);
  });

  it('keeps what a source had when it cannot be fetched, and never touches the other sources', async () => {
    const remote = gitRemote();
    remote.write('cart.yaml', component('cart', 'team-orders'));
    remote.commit('cart');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-catalog-dir-'));
    writeFileSync(join(dir, 'email.yaml'), component('email', 'team-fulfilment'));
    const { sync, catalog } = await setup([
      { type: 'git', url: remote.bare },
      { type: 'dir', path: dir },
    ]);
    await sync.sync();
    rmSync(remote.bare, { recursive: true });
    const results = await sync.sync();
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]?.error).toMatch(
      new RegExp(`^cannot read catalog source git:${remote.bare}: git could not fetch`),
    );
    expect((await catalog.listServices()).map((s) => s.name)).toEqual(['cart', 'email']);
    const errors = await catalog.listErrors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ source: `git:${remote.bare}`, file: null, line: null });
  });

  it('merges telemetry: matched by annotation or name, telemetry-only services, and dependency findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-catalog-dir-'));
    writeFileSync(
      join(dir, 'shop.yaml'),
      `${component('checkout', 'team-orders').replace('spec:\n', 'spec:\n  dependsOn: [component:payment, component:email]\n')}---\n${component(
        'productcatalog',
        'team-storefront',
        '    cairn.dev/telemetry-service-name: product-catalog\n',
      )}---\n${component('payment', 'team-orders')}---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-orders
spec:
  type: team
  profile: { displayName: Orders, email: orders@acme.example }
  children: []
  members: [grace]
`,
    );
    const telemetry: ObservedTelemetry = {
      listObservedServices: async () => ['checkout', 'product-catalog', 'payment', 'fraud-check'],
      listObservedEdges: async () => [
        { source: 'checkout', target: 'payment' },
        { source: 'checkout', target: 'product-catalog' },
        { source: 'fraud-check', target: 'payment' },
      ],
    };
    const { sync, catalog } = await setup([{ type: 'dir', path: dir }], telemetry);
    await sync.sync();
    const services = await catalog.listServices();
    expect(services.map((s) => [s.name, s.source, s.dependsOn, s.observedDependencies])).toEqual([
      ['checkout', 'both', ['payment', 'email'], ['payment', 'productcatalog']],
      ['fraud-check', 'telemetry', [], ['payment']],
      ['payment', 'both', [], []],
      ['productcatalog', 'both', [], []],
    ]);
    const checkout = await catalog.getService('checkout');
    expect(checkout.findings).toEqual([
      {
        kind: 'declared-not-observed',
        dependency: 'email',
        message: 'checkout declares a dependency on email, but no calls to it were seen',
      },
      {
        kind: 'observed-not-declared',
        dependency: 'productcatalog',
        message: 'checkout calls productcatalog, which its catalog entry does not declare in dependsOn',
      },
    ]);
    expect(checkout.declaredAt).toBe('shop.yaml:1');
    await expect(catalog.getService('nope')).rejects.toThrow(
      'service "nope" is neither in the catalog nor seen in telemetry',
    );

    expect(await catalog.listTeams()).toEqual([
      {
        name: 'team-orders',
        title: 'Orders',
        description: null,
        email: 'orders@acme.example',
        declared: true,
        members: ['grace'],
        services: ['checkout', 'payment'],
      },
      {
        name: 'team-storefront',
        title: null,
        description: null,
        email: null,
        declared: false,
        members: [],
        services: ['productcatalog'],
      },
    ]);
    expect((await catalog.getTeam('team-orders')).services.map((s) => s.name)).toEqual([
      'checkout',
      'payment',
    ]);

    expect(
      await catalog.resolver.resolve({
        by: 'annotation',
        annotation: 'github.com/project-slug',
        value: 'ACME-shop/Payment',
      }),
    ).toEqual({
      service: 'payment',
      mapped: true,
    });
    expect(await catalog.resolver.resolve({ by: 'name', name: 'fraud-check' })).toEqual({
      service: 'fraud-check',
      mapped: true,
    });
    expect(await catalog.resolver.resolve({ by: 'name', name: 'ghost' })).toEqual({
      service: 'ghost',
      mapped: false,
    });
  });
});
