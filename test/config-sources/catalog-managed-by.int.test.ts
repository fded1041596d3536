/**
 * Catalog entities are config objects like runbooks and actions: read-only in the portal, with a
 * link to their descriptor. A real git repository stands in for GitHub (git's `insteadOf` maps the
 * GitHub URL to it), so the links are the forge's, at the applied commit and line.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { git } from './git-as-ada.ts';

const GITHUB_URL = 'https://github.com/shop/cairn-config.git';
const SOURCE = `git:${GITHUB_URL}#main:catalog`;

const SERVICES = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec:
  type: service
  lifecycle: production
  owner: team-orders
  system: orders
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: orders
spec:
  owner: team-orders
`;

const TEAMS = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-orders
spec:
  type: team
  children: []
`;

describe('catalog entities managed in git', () => {
  let cairn: InProcessCairn;
  let commit: string;
  const saved = { ...process.env };
  const get = (url: string) =>
    cairn.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${cairn.adminToken}` } });

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-catalog-managed-'));
    const bare = join(root, 'cairn-config.git');
    const work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    mkdirSync(join(work, 'catalog'));
    writeFileSync(join(work, 'catalog', 'services.yaml'), SERVICES);
    writeFileSync(join(work, 'catalog', 'teams.yaml'), TEAMS);
    git(work, 'add', '.');
    git(work, 'commit', '-qm', 'catalog');
    git(work, 'push', '-q', bare, 'main');
    commit = git(work, 'rev-parse', 'HEAD');
    // Every git this process starts fetches the GitHub URL from the local repository.
    Object.assign(process.env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `url.${bare}.insteadOf`,
      GIT_CONFIG_VALUE_0: GITHUB_URL,
    });
    cairn = await startInProcess({
      config: {
        catalog: {
          sources: [{ type: 'git', url: GITHUB_URL, ref: 'main', path: 'catalog' }],
          refreshIntervalSeconds: 0,
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
    for (const key of ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('links a service, a system and a group to their descriptor on the forge, at the applied commit and line', async () => {
    const blob = `https://github.com/shop/cairn-config/blob/${commit}`;
    const answers = await Promise.all(
      ['component/cart', 'system/orders', 'group/team-orders', 'catalog/component:cart'].map(async (path) => {
        const response = await get(`/api/v1/config/objects/${path}`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json();
      }),
    );
    expect(answers).toEqual([
      { source: SOURCE, path: 'catalog/services.yaml', line: 1, url: `${blob}/catalog/services.yaml#L1` },
      { source: SOURCE, path: 'catalog/services.yaml', line: 11, url: `${blob}/catalog/services.yaml#L11` },
      { source: SOURCE, path: 'catalog/teams.yaml', line: 1, url: `${blob}/catalog/teams.yaml#L1` },
      { source: SOURCE, path: 'catalog/services.yaml', line: 1, url: `${blob}/catalog/services.yaml#L1` },
    ]);
  });

  it('lists the catalog objects with a digest per field, and answers 404 or 400 naming what is wrong', async () => {
    const list = await get('/api/v1/config/objects?kind=catalog');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{
      items: Array<{
        kind: string;
        name: string;
        fields: Record<string, string>;
        managedBy: { path: string };
      }>;
    }>().items;
    expect(items.map((item) => [item.kind, item.name, item.managedBy.path])).toEqual([
      ['catalog', 'component:cart', 'catalog/services.yaml'],
      ['catalog', 'group:team-orders', 'catalog/teams.yaml'],
      ['catalog', 'system:orders', 'catalog/services.yaml'],
    ]);
    const [cart, , orders] = items;
    expect(Object.keys(cart?.fields ?? {})).toEqual([
      'annotations',
      'dependsOn',
      'description',
      'kind',
      'lifecycle',
      'links',
      'name',
      'namespace',
      'owner',
      'ref',
      'spec',
      'system',
      'tags',
      'title',
      'type',
    ]);
    // Both are owned by team-orders: one value, one digest, whichever entity holds it.
    expect(cart?.fields.owner).toMatch(/^[0-9a-f]{16}$/);
    expect(orders?.fields.owner).toBe(cart?.fields.owner);
    expect(orders?.fields.name).not.toBe(cart?.fields.name);

    const missing = await get('/api/v1/config/objects/component/payment');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'no component object "payment" in a config source' },
    });
    const badKind = await get('/api/v1/config/objects/widgets/cart');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain('kind');
  });
});
