/**
 * A deploy Cairn ran and the deploy tool's report of rolling it out are one change: real SQLite,
 * the change service, and Argo CD notifications through the Argo CD parser. The resolver maps the
 * Argo CD application `payment-production` to payment, as the catalog's `argocd/app-name`
 * annotation would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateStateStore, openStateStore, type StateStore } from '../../stores/state/index.ts';
import type { NormalizedChange } from './change-parser.ts';
import { type ChangeService, createChangeService } from './changes.service.ts';
import { createChangeStore } from './changes.store.ts';
import type { Change } from './contract.ts';
import { parseArgoCdNotification } from './parsers/argocd.parser.ts';

const COMMIT = 'c0ffee0000000000000000000000000000000001';
const LATER_COMMIT = 'c0ffee0000000000000000000000000000000002';
const ARGO_URL = 'https://argocd.shop.example/applications/payment-production';
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

let state: StateStore;
let changes: ChangeService;
let now = T0;

beforeEach(async () => {
  state = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-deploy-link-')) });
  await migrateStateStore(state);
  now = T0;
  changes = createChangeService({
    store: createChangeStore(state.db),
    resolver: {
      resolve: async (target) => ({
        service: target.by === 'name' ? target.name : target.value.replace(/-production$/, ''),
        mapped: true,
      }),
    },
    clock: { now: () => new Date(now) },
  });
});

afterEach(async () => {
  await state.close();
});

/** The change a succeeded rollback run records, as the run worker writes it. */
function cairnRollback(revision: string | null, startedAt = iso(0), finishedAt = iso(5)): NormalizedChange {
  return {
    source: 'cairn-action',
    idempotencyKey: 'run:r1',
    target: { by: 'name', name: 'payment' },
    environment: 'production',
    kind: 'rollback',
    version: '1.3.2',
    previousVersion: '1.4.0',
    revision,
    commits: [],
    author: 'Grace Hopper',
    status: 'succeeded',
    startedAt,
    finishedAt,
    url: null,
    description: 'Roll back: set image.tag from 1.4.0 to 1.3.2 (run r1, by Grace Hopper)',
  };
}

/** Argo CD's notification of a finished sync (the template in docs/changes.md). */
function argoSync(
  revision: string,
  startedAt: string,
  finishedAt: string,
  phase = 'Succeeded',
  health = 'Healthy',
) {
  return parseArgoCdNotification({
    app: 'payment-production',
    revision,
    phase,
    health,
    startedAt,
    finishedAt,
    images: ['ghcr.io/shop/payment:1.3.2'],
    automated: true,
    url: ARGO_URL,
  });
}

const listed = async (): Promise<Array<Partial<Change>>> =>
  (await changes.list({ service: 'payment', from: iso(-3600), to: iso(86_400), limit: 100 })).map(
    (change) => ({
      source: change.source,
      kind: change.kind,
      version: change.version,
      revision: change.revision,
      status: change.status,
      author: change.author,
      sourceRef: change.sourceRef,
      url: change.url,
      finishedAt: change.finishedAt,
      at: change.at,
      description: change.description,
    }),
  );

const LINKED_ROLLBACK = {
  source: 'cairn-action',
  kind: 'rollback',
  version: '1.3.2',
  revision: COMMIT,
  status: 'succeeded',
  author: 'Grace Hopper',
  sourceRef: 'payment-production',
  url: ARGO_URL,
  finishedAt: iso(30),
  at: iso(30),
  description:
    'Roll back: set image.tag from 1.4.0 to 1.3.2 (run r1, by Grace Hopper); argocd reported it: Argo CD sync Succeeded; health Healthy',
};

describe('a deploy tool reporting a deploy Cairn ran', () => {
  it("links Argo CD's sync of the GitOps commit to the cairn-action change instead of recording a second deploy, also when redelivered", async () => {
    const own = await changes.record(cairnRollback(COMMIT));
    expect(own.outcome).toBe('recorded');
    now = T0 + 31_000;
    const first = await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)));
    expect(first).toMatchObject({ outcome: 'linked', change: { id: own.change.id } });
    const again = await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)));
    expect(again).toMatchObject({ outcome: 'linked', change: { id: own.change.id } });
    expect(await listed()).toEqual([LINKED_ROLLBACK]);
  });

  it('keeps the cairn-action change when Argo CD reported the sync first (an Argo CD rollback the run waited for), and links the report when it comes again', async () => {
    now = T0 + 31_000;
    expect((await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)))).outcome).toBe('recorded');
    now = T0 + 35_000;
    const own = await changes.record(cairnRollback(COMMIT, iso(0), iso(35)));
    expect(own.outcome).toBe('recorded');
    expect(await listed()).toEqual([{ ...LINKED_ROLLBACK, finishedAt: iso(35), at: iso(35) }]);
    expect((await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)))).outcome).toBe('linked');
    expect(await listed()).toEqual([{ ...LINKED_ROLLBACK, finishedAt: iso(35), at: iso(35) }]);
  });

  it("marks the cairn-action change failed when Argo CD's roll-out of its commit failed", async () => {
    await changes.record(cairnRollback(COMMIT));
    await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30), 'Succeeded', 'Degraded'));
    expect(await listed()).toEqual([
      {
        ...LINKED_ROLLBACK,
        status: 'failed',
        description:
          'Roll back: set image.tag from 1.4.0 to 1.3.2 (run r1, by Grace Hopper); argocd reported it: Argo CD sync Succeeded; health Degraded',
      },
    ]);
  });

  it('records a sync of another revision, a sync of the same revision hours later, and a cairn-action change without a revision as deploys of their own', async () => {
    await changes.record(cairnRollback(null));
    await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)));
    await changes.recordParsed(argoSync(LATER_COMMIT, iso(60), iso(70)));
    await changes.recordParsed(argoSync(COMMIT, iso(3 * 3600), iso(3 * 3600 + 10)));
    expect((await listed()).map((change) => [change.source, change.revision, change.at])).toEqual([
      ['argocd', COMMIT, iso(3 * 3600 + 10)],
      ['argocd', LATER_COMMIT, iso(70)],
      ['argocd', COMMIT, iso(30)],
      ['cairn-action', null, iso(5)],
    ]);
  });

  it('links nothing to a cairn-action change at that revision made hours after the sync', async () => {
    await changes.recordParsed(argoSync(COMMIT, iso(20), iso(30)));
    await changes.record(cairnRollback(COMMIT, iso(2 * 3600), iso(2 * 3600 + 5)));
    expect((await listed()).map((change) => [change.source, change.revision, change.at])).toEqual([
      ['cairn-action', COMMIT, iso(2 * 3600 + 5)],
      ['argocd', COMMIT, iso(30)],
    ]);
  });
});
