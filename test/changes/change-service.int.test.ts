import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import {
  createCatalogService,
  createCatalogStore,
  createCatalogSync,
  noObservedTelemetry,
} from '../../src/modules/catalog/index.ts';
import { RecordChangeSchema } from '../../src/modules/changes/contract.ts';
import { changeParsers, createChangeService, createChangeStore } from '../../src/modules/changes/index.ts';
import { stateDialects } from '../support/state-dialects.ts';

const NOW = new Date('2026-11-25T10:00:00.000Z');

describe.each(await stateDialects())('changes on $dialect', (fixture) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
  });

  async function setup() {
    const state = await fixture.open();
    dispose = state.dispose;
    const clock = fixedClock(NOW);
    const dir = mkdtempSync(join(tmpdir(), 'cairn-changes-catalog-'));
    writeFileSync(
      join(dir, 'cart.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  annotations:
    argocd/app-name: shop-cart
spec: { type: service, lifecycle: production, owner: team-orders }
`,
    );
    const store = createCatalogStore(state.db);
    await createCatalogSync({
      store,
      sources: [{ type: 'dir', path: dir }],
      checkoutDir: dir,
      gitTimeoutMs: 1000,
      clock,
      logger: createLogger('silent'),
    }).sync();
    const catalog = createCatalogService({
      store,
      telemetry: noObservedTelemetry,
      recentChanges: (service) => changes.recentForService(service),
      clock,
    });
    const changes = createChangeService({
      store: createChangeStore(state.db),
      resolver: catalog.resolver,
      clock,
    });
    return { changes, catalog };
  }

  const generic = (fields: Record<string, unknown>) =>
    RecordChangeSchema.parse({ service: 'cart', ...fields });

  it('records a generic change with every field, and a replayed idempotency key returns the first', async () => {
    const { changes } = await setup();
    const first = await changes.recordGeneric(
      generic({
        version: '1.4.2',
        previousVersion: '1.4.1',
        revision: 'abc123',
        commits: [{ sha: 'abc123', at: '2026-11-25T08:00:00+01:00', message: 'fix totals', author: 'grace' }],
        author: 'grace',
        startedAt: 1795600500000,
        finishedAt: '2026-11-25T09:56:00Z',
        url: 'https://ci.example/runs/1',
        description: 'hotfix',
        idempotencyKey: 'run-1',
      }),
    );
    expect(first).toEqual({
      outcome: 'recorded',
      change: {
        id: expect.any(String),
        service: 'cart',
        mapped: true,
        sourceRef: null,
        source: 'api',
        environment: 'production',
        kind: 'deploy',
        version: '1.4.2',
        previousVersion: '1.4.1',
        revision: 'abc123',
        commits: [{ sha: 'abc123', at: '2026-11-25T07:00:00.000Z', message: 'fix totals', author: 'grace' }],
        author: 'grace',
        status: 'succeeded',
        startedAt: '2026-11-25T09:55:00.000Z',
        finishedAt: '2026-11-25T09:56:00.000Z',
        at: '2026-11-25T09:56:00.000Z',
        url: 'https://ci.example/runs/1',
        description: 'hotfix',
        recordedAt: NOW.toISOString(),
      },
    });
    const replay = await changes.recordGeneric(generic({ version: '9.9.9', idempotencyKey: 'run-1' }));
    expect(replay).toEqual({ outcome: 'duplicate', change: first.change });
    expect(await changes.list({ limit: 100 })).toHaveLength(1);
  });

  it('keeps a change for an unknown service, shown as unmapped, and one from an unmapped Argo CD app', async () => {
    const { changes } = await setup();
    const ghost = await changes.recordGeneric(generic({ service: 'ghost', version: '1' }));
    expect(ghost.change).toMatchObject({ service: 'ghost', mapped: false, at: NOW.toISOString() });
    const argo = await changes.recordParsed(
      changeParsers.argocd({
        app: 'legacy-app',
        phase: 'Succeeded',
        revision: 'r1',
        startedAt: '2026-11-25T09:00:00Z',
      }),
    );
    expect(argo).toMatchObject({
      outcome: 'recorded',
      change: { service: null, mapped: false, sourceRef: 'legacy-app' },
    });
    const mapped = await changes.recordParsed(
      changeParsers.argocd({
        app: 'shop-cart',
        phase: 'Succeeded',
        revision: 'r2',
        startedAt: '2026-11-25T09:10:00Z',
      }),
    );
    expect(mapped).toMatchObject({ change: { service: 'cart', mapped: true, sourceRef: 'shop-cart' } });
    const replay = await changes.recordParsed(
      changeParsers.argocd({
        app: 'shop-cart',
        phase: 'Succeeded',
        revision: 'r2',
        startedAt: '2026-11-25T09:10:00Z',
      }),
    );
    expect(replay).toEqual({ outcome: 'duplicate', change: mapped.change });
  });

  it('lists newest first with filters and a time range, and shows recent changes on the service', async () => {
    const { changes, catalog } = await setup();
    const at = (minute: number) => `2026-11-25T09:${String(minute).padStart(2, '0')}:00.000Z`;
    await changes.recordGeneric(generic({ version: '1', finishedAt: at(10) }));
    await changes.recordGeneric(generic({ kind: 'config', finishedAt: at(20) }));
    await changes.recordGeneric(generic({ version: '2', environment: 'staging', finishedAt: at(30) }));
    await changes.recordGeneric(generic({ service: 'email', version: '7', finishedAt: at(40) }));
    const list = async (query: Record<string, unknown>) =>
      (await changes.list({ limit: 100, ...query })).map(
        (c) => `${c.service}/${c.environment}/${c.kind}@${c.at.slice(11, 16)}`,
      );
    expect(await list({})).toEqual([
      'email/production/deploy@09:40',
      'cart/staging/deploy@09:30',
      'cart/production/config@09:20',
      'cart/production/deploy@09:10',
    ]);
    expect(await list({ service: 'cart', environment: 'production' })).toEqual([
      'cart/production/config@09:20',
      'cart/production/deploy@09:10',
    ]);
    expect(await list({ kind: 'config' })).toEqual(['cart/production/config@09:20']);
    expect(await list({ from: '2026-11-25T09:15:00.000Z', to: '2026-11-25T09:40:00.000Z' })).toEqual([
      'cart/staging/deploy@09:30',
      'cart/production/config@09:20',
    ]);
    await expect(changes.list({ limit: 10, from: at(50), to: at(10) })).rejects.toThrow(
      'query.from: 2026-11-25T09:50:00.000Z is after to 2026-11-25T09:10:00.000Z',
    );
    const service = await catalog.getService('cart');
    expect(service.recentChanges.map((c) => c.at)).toEqual([
      '2026-11-25T09:30:00.000Z',
      '2026-11-25T09:20:00.000Z',
      '2026-11-25T09:10:00.000Z',
    ]);
  });
});
