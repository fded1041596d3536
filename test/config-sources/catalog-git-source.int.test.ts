/**
 * The catalog keeps its own sync (its entities live in the state store and template tasks add
 * sources at run time) with the guarantees of the config reconciler: on a real git repository, a
 * commit with an invalid descriptor is refused once a revision runs — every entity stays that of
 * the last good commit — and the problem is reported with file:line by GET /api/v1/catalog/errors
 * and by the config-source gauges of /metrics (kind="catalog"); a GitHub push reads the fix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGithubBody } from '../../src/modules/changes/webhook-auth.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { git } from './git-as-ada.ts';

const SECRET = 'push-webhook-secret-0123456789';

const component = (
  name: string,
  lifecycle: string,
  owner = 'team-orders',
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: ${lifecycle}
${owner ? `  owner: ${owner}\n` : ''}`;

describe('the catalog from a git source', () => {
  let cairn: InProcessCairn;
  let work: string;
  let bare: string;
  const label = () => `git:${bare}#main`;

  const commit = (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) writeFileSync(join(work, path), text);
    git(work, 'add', '.');
    git(work, 'commit', '-qm', message);
    git(work, 'push', '-q', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  };
  const get = async <T>(url: string): Promise<T> => {
    const response = await cairn.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const refresh = async () => {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/refresh',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      sources: Array<{ ok: boolean; entities: number; problems: number; revision: string }>;
    }>().sources;
  };
  const services = async () =>
    (await get<{ items: Array<{ name: string; lifecycle: string | null }> }>('/api/v1/services')).items
      .filter((s) => s.name === 'cart' || s.name === 'checkout')
      .map((s) => `${s.name}: ${s.lifecycle}`);
  const metrics = async () => (await cairn.app.inject({ method: 'GET', url: '/metrics' })).body;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-catalog-git-'));
    bare = join(root, 'catalog.git');
    work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    git(work, 'remote', 'add', 'origin', bare);
    commit(
      { 'cart.yaml': component('cart', 'production'), 'checkout.yaml': component('checkout', 'production') },
      'two services',
    );
    cairn = await startInProcess({
      config: {
        catalog: { sources: [{ type: 'git', url: bare, ref: 'main' }], refreshIntervalSeconds: 0 },
        integrations: { github: { webhookSecret: SECRET } },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('runs the services of the followed branch; the source is up to date in /metrics', async () => {
    expect(await services()).toEqual(['cart: production', 'checkout: production']);
    expect(await metrics()).toContain(`cairn_config_source_up_to_date{kind="catalog",source="${label()}"} 1`);
  });

  it('refuses a commit with an invalid descriptor: both services stay as they were, the problem is at file:line', async () => {
    const bad = commit(
      {
        'cart.yaml': component('cart', 'experimental'),
        'checkout.yaml': component('checkout', 'deprecated', ''),
      },
      'cart experimental, checkout without an owner',
    );
    expect(await refresh()).toEqual([
      {
        id: expect.any(String),
        label: label(),
        ok: false,
        entities: 2,
        problems: 1,
        revision: bad,
        error: `catalog source ${label()}: ${bad} refused for 1 problem(s); the last good revision keeps running`,
      },
    ]);
    expect(await services()).toEqual(['cart: production', 'checkout: production']);
    const errors = await get<{
      items: Array<{ source: string; file: string; line: number; message: string }>;
    }>('/api/v1/catalog/errors');
    expect(errors.items.map((e) => [e.source, e.file, e.line, e.message])).toEqual([
      [label(), 'checkout.yaml', 5, 'spec.owner: Invalid input: expected string, received undefined'],
    ]);
    const text = await metrics();
    const labels = `kind="catalog",source="${label()}"`;
    expect(text).toContain(`cairn_config_source_up_to_date{${labels}} 0`);
    expect(text).toContain(`cairn_config_source_problems{${labels}} 1`);
    expect(text).toContain(
      `cairn_config_source_last_error_info{${labels},error="checkout.yaml:5: spec.owner: Invalid input: expected string, received undefined"} 1`,
    );
  });

  it('reads the fixed commit when GitHub reports the push', async () => {
    const before = git(work, 'rev-parse', 'HEAD');
    const fixed = commit({ 'checkout.yaml': component('checkout', 'deprecated') }, 'checkout owned again');
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      before,
      after: fixed,
      commits: [],
      repository: { full_name: 'shop/catalog', clone_url: bare, default_branch: 'main' },
    });
    const pushed = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/github',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'catalog-push-1',
        'x-hub-signature-256': signGithubBody(SECRET, body),
      },
      payload: body,
    });
    expect(pushed.statusCode, pushed.body).toBeLessThan(300);
    await expect.poll(services, { timeout: 20_000 }).toEqual(['cart: experimental', 'checkout: deprecated']);
    expect((await get<{ items: unknown[] }>('/api/v1/catalog/errors')).items).toEqual([]);
    expect(await metrics()).toContain(`cairn_config_source_up_to_date{kind="catalog",source="${label()}"} 1`);
  });
});
