/**
 * Lead time from GitHub pushes: deployments that carry only a revision (an Argo CD sync, a
 * `cairn change record --revision`) ship the pushed commits between the previous deployment's
 * revision and theirs. Pushes arrive as signed GitHub `push` webhooks; they are listed only when
 * asked for and never become incident suspects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/modules/changes/index.ts';
import { signGithubBody } from '../../src/modules/changes/webhook-auth.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import type { Incident } from '../../src/modules/incidents/index.ts';
import { callAsAdmin, type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const SECRET = 'push-lead-time-secret';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const sha = (c: string) => c.repeat(40);

describe('DORA change lead time from GitHub pushes', () => {
  let cairn: InProcessCairn;
  const N = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  const api = <T>(method: 'GET' | 'POST', url: string, payload?: unknown) =>
    callAsAdmin<T>(cairn, method, url, payload);
  let delivery = 0;
  const pushWebhook = async (branch: string, before: string, commits: Array<[string, number]>) => {
    const body = JSON.stringify({
      ref: `refs/heads/${branch}`,
      before,
      after: commits.at(-1)?.[0],
      created: false,
      deleted: false,
      compare: 'https://github.com/acme-shop/checkout/compare/x...y',
      commits: commits.map(([id, atMs]) => ({
        id,
        timestamp: iso(atMs),
        message: `commit ${id.slice(0, 1)}`,
        author: { name: 'Dev', username: 'dev' },
      })),
      pusher: { name: 'dev' },
      repository: {
        full_name: 'acme-shop/checkout',
        html_url: 'https://github.com/acme-shop/checkout',
        default_branch: 'main',
      },
    });
    delivery += 1;
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/github',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': `push-${delivery}`,
        'x-hub-signature-256': signGithubBody(SECRET, body),
      },
      payload: body,
    });
    return { status: response.statusCode, body: response.json() as { outcome: string; change?: Change } };
  };
  const deploy = async (revision: string, atMs: number, extra: Record<string, unknown> = {}) => {
    const response = await api<{ change: Change }>('POST', '/api/v1/changes', {
      service: 'checkout',
      revision,
      finishedAt: iso(atMs),
      ...extra,
    });
    expect(response.status).toBe(201);
    return response.body.change;
  };

  beforeAll(async () => {
    cairn = await startInProcess({
      catalogDir: 'examples/catalog',
      config: { integrations: { github: { webhookSecret: SECRET } } },
    });
    const T = N - 10 * DAY;
    // Three pushes to main: a (2 commits, creating the branch), b, c (2 commits).
    expect(
      (
        await pushWebhook('main', '0'.repeat(40), [
          [sha('a'), T],
          [sha('1'), T + HOUR],
        ])
      ).status,
    ).toBe(201);
    expect((await pushWebhook('main', sha('1'), [[sha('b'), T + 3 * HOUR]])).status).toBe(201);
    expect(
      (
        await pushWebhook('main', sha('b'), [
          [sha('c'), T + 5 * HOUR],
          [sha('2'), T + 6 * HOUR],
        ])
      ).status,
    ).toBe(201);
    // A branch that is not the default one is not recorded.
    expect((await pushWebhook('feature', sha('2'), [[sha('f'), T + 6 * HOUR]])).body).toEqual({
      outcome: 'ignored',
      reason: 'push to feature, not the default branch main',
    });
    // First deployment (sha 1 at T+2h): the push that brought it, commits a and 1.
    await deploy(sha('1'), T + 2 * HOUR);
    // Second (sha 2 at T+8h): 2, c and b, back to the previous revision 1.
    await deploy(sha('2'), T + 8 * HOUR);
    // A deployment with commits of its own keeps them: one commit 30 min old.
    await deploy(sha('2'), T + 9 * HOUR, {
      commits: [{ sha: sha('2'), at: iso(T + 9 * HOUR - 30 * MIN) }],
    });
  }, 60_000);

  afterAll(async () => {
    await cairn?.close();
  });

  it('records a push as commits on its branch, chained by parent, listed only when asked for', async () => {
    const pushes = await api<{ items: Change[] }>(
      'GET',
      `/api/v1/changes?service=checkout&kind=push&from=${iso(N - 11 * DAY)}`,
    );
    expect(
      pushes.body.items.map((c) => [c.kind, c.environment, c.revision, c.commits.map((x) => x.parent)]),
    ).toEqual([
      ['push', 'main', sha('2'), [sha('b'), sha('c')]],
      ['push', 'main', sha('b'), [sha('1')]],
      ['push', 'main', sha('1'), [null, sha('a')]],
    ]);
    const all = await api<{ items: Change[] }>(
      'GET',
      `/api/v1/changes?service=checkout&from=${iso(N - 11 * DAY)}`,
    );
    expect(all.body.items.map((c) => c.kind)).toEqual(['deploy', 'deploy', 'deploy']);
  });

  it('a redelivered or re-sent push of the same head records nothing new', async () => {
    const again = await pushWebhook('main', sha('b'), [
      [sha('c'), N - 10 * DAY + 5 * HOUR],
      [sha('2'), N - 10 * DAY + 6 * HOUR],
    ]);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
  });

  it('gives lead time over the pushed commits of deployments without commits', async () => {
    const { status, body } = await api<DoraReport>(
      'GET',
      `/api/v1/dora?scope=service&name=checkout&from=${iso(N - 11 * DAY)}&to=${iso(N)}`,
    );
    expect(status).toBe(200);
    // Lead times: first deploy 2 h (a), 1 h (1); second 5 h (b), 3 h (c), 2 h (2); third 30 min.
    // Sorted: 0.5, 1, 2, 2, 3, 5 h → median 2 h; p90 at rank 4.5 between 3 h and 5 h: 4 h.
    expect(body.changeLeadTime).toMatchObject({
      commits: 6,
      medianMs: 2 * HOUR,
      p90Ms: 4 * HOUR,
      level: 'elite',
    });
  });

  it('never ranks a push as an incident suspect', async () => {
    await pushWebhook('main', sha('2'), [[sha('d'), Date.now() - 2 * MIN]]);
    await api('POST', '/api/v1/changes', {
      service: 'checkout',
      kind: 'config',
      finishedAt: iso(Date.now() - MIN),
    });
    const fired = await api('POST', '/api/v1/integrations/alertmanager', {
      version: '4',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      status: 'firing',
      receiver: 'cairn',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am.example',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical' },
          annotations: { summary: 'CheckoutErrors on checkout' },
          startsAt: iso(Date.now()),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example/graph',
          fingerprint: 'checkout-errors',
        },
      ],
    });
    expect(fired.status).toBeLessThan(300);
    const list = await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/incidents');
    const id = list.body.items[0]?.id ?? '';
    const context = await waitFor(async () => {
      const incident = (await api<Incident>('GET', `/api/v1/incidents/${id}`)).body;
      // The context engine's stored answer; only its suspects' kinds are read here.
      return (incident.context as { suspects: Array<{ change: Change }> } | null) ?? undefined;
    });
    expect(context.suspects.map((s) => s.change.kind)).toEqual(['config']);
  }, 60_000);
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
