import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGithubBody } from '../../src/modules/changes/webhook-auth.ts';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const SECRET = 'shop-webhook-secret';
const SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

/** GitHub's own deployment_status example, for a repository the example catalog maps. */
function deploymentStatusFor(repository: string): string {
  // The package's index.json: a list of events, each with example payloads.
  const index = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
    name: string;
    examples: Array<Record<string, Record<string, unknown>>>;
  }>;
  const example = structuredClone(index.find((entry) => entry.name === 'deployment_status')?.examples[0]);
  if (!example?.repository || !example.deployment)
    throw new Error('the package has no deployment_status example');
  example.repository.full_name = repository;
  example.repository.html_url = `https://github.com/${repository}`;
  example.deployment.payload = { version: '2.1.0' };
  return JSON.stringify(example);
}

describe('cairn up --config examples/cairn.yaml', () => {
  let cairn: CairnProcess;
  beforeAll(async () => {
    cairn = await startCairn({
      args: ['--config', 'examples/cairn.yaml'],
      env: { CAIRN_GITHUB_WEBHOOK_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  const api = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${cairn.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${cairn.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const github = (body: string, headers: Record<string, string>) =>
    fetch(`${cairn.url}/api/v1/integrations/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'deployment_status', ...headers },
      body,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));

  it('lists the ten shop services with their owners and systems', async () => {
    const { status, body } = await api('GET', '/api/v1/services');
    expect(status).toBe(200);
    const items = body.items as Array<{ name: string; owner: string; system: string; source: string }>;
    expect(items.map((s) => `${s.name} ${s.owner} ${s.system} ${s.source}`)).toEqual([
      'ads team-storefront storefront catalog',
      'cart team-orders orders catalog',
      'checkout team-orders orders catalog',
      'currency team-orders orders catalog',
      'email team-fulfilment fulfilment catalog',
      'frontend team-storefront storefront catalog',
      'payment team-orders orders catalog',
      'productcatalog team-storefront storefront catalog',
      'recommendation team-storefront storefront catalog',
      'shipping team-fulfilment fulfilment catalog',
    ]);
    const teams = await api('GET', '/api/v1/teams');
    expect(
      (teams.body.items as Array<{ name: string; services: string[] }>).map((t) => [t.name, t.services]),
    ).toEqual([
      ['team-fulfilment', ['email', 'shipping']],
      ['team-orders', ['cart', 'checkout', 'currency', 'payment']],
      ['team-storefront', ['ads', 'frontend', 'productcatalog', 'recommendation']],
    ]);
    expect((await api('GET', '/api/v1/catalog/errors')).body).toEqual({ items: [] });
  });

  it('records a signed deployment_status as a deploy of the mapped service, once per delivery', async () => {
    const body = deploymentStatusFor('acme-shop/checkout');
    const headers = {
      'x-hub-signature-256': signGithubBody(SECRET, body),
      'x-github-delivery': 'delivery-e2e-1',
    };
    const first = await github(body, headers);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      outcome: 'recorded',
      change: {
        service: 'checkout',
        mapped: true,
        sourceRef: 'acme-shop/checkout',
        source: 'github',
        kind: 'deploy',
        environment: 'production',
        version: '2.1.0',
        revision: SHA,
        status: 'succeeded',
        finishedAt: '2019-05-15T15:20:55.000Z',
      },
    });
    const replay = await github(body, headers);
    expect(replay).toEqual({ status: 200, body: { outcome: 'duplicate', change: first.body.change } });

    const listed = await api('GET', '/api/v1/changes?service=checkout&from=2019-01-01T00:00:00Z');
    expect((listed.body.items as Array<{ revision: string }>).map((c) => c.revision)).toEqual([SHA]);
    const service = await api('GET', '/api/v1/services/checkout');
    expect(service.body).toMatchObject({
      name: 'checkout',
      owner: 'team-orders',
      system: 'orders',
      tier: 'tier-1',
      dependsOn: ['cart', 'currency', 'email', 'payment', 'productcatalog', 'shipping'],
      slo: {
        availabilityObjectivePercent: 99.95,
        latencyObjectiveP99Ms: 1500,
        requests: 0,
        failedRequests: 0,
        availabilityPercent: null,
        errorBudgetRemainingPercent: null,
      },
      declaredAt: 'services/checkout.yaml:2',
    });
    expect((service.body.recentChanges as Array<{ id: string }>).map((c) => c.id)).toEqual([
      (first.body.change as { id: string }).id,
    ]);
  });

  it('refuses a delivery without a signature, or signed with another secret, with 401', async () => {
    const body = deploymentStatusFor('acme-shop/cart');
    expect(await github(body, { 'x-github-delivery': 'delivery-e2e-2' })).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthenticated',
          message: 'X-Hub-Signature-256 is missing: configure the webhook with a secret',
        },
      },
    });
    const wrong = await github(body, {
      'x-github-delivery': 'delivery-e2e-2',
      'x-hub-signature-256': signGithubBody('another-secret', body),
    });
    expect(wrong.status).toBe(401);
    // A valid signature over different bytes (one space added) is refused: the raw body is signed.
    const tampered = await github(`${body} `, {
      'x-github-delivery': 'delivery-e2e-2',
      'x-hub-signature-256': signGithubBody(SECRET, body),
    });
    expect(tampered.status).toBe(401);
    const listed = await api('GET', '/api/v1/changes?service=cart&from=2019-01-01T00:00:00Z');
    expect(listed.body).toEqual({ items: [] });
  });

  it('answers ignored deliveries with their reason, and a signed bad payload with 400 naming the field', async () => {
    const ping = JSON.stringify({ zen: 'Keep it logically awesome.' });
    const pong = await github(ping, {
      'x-github-event': 'ping',
      'x-github-delivery': 'delivery-ping',
      'x-hub-signature-256': signGithubBody(SECRET, ping),
    });
    expect(pong).toEqual({
      status: 200,
      body: { outcome: 'ignored', reason: 'event "ping" is not one Cairn records' },
    });
    const bad = JSON.stringify({ deployment_status: { state: 'success' } });
    const answer = await github(bad, {
      'x-github-delivery': 'd-bad',
      'x-hub-signature-256': signGithubBody(SECRET, bad),
    });
    expect(answer.status).toBe(400);
    expect((answer.body.error as { message: string }).message).toMatch(
      /^body\.deployment_status\.created_at: /,
    );
  });

  it('records Argo CD and Jenkins notifications through their annotations', async () => {
    const argo = await api(
      'POST',
      '/api/v1/integrations/argocd',
      JSON.stringify({
        app: 'cart',
        phase: 'Succeeded',
        health: 'Healthy',
        revision: 'abc',
        images: ['ghcr.io/acme/cart:1.8.0'],
        startedAt: '2026-11-25T09:58:00Z',
        finishedAt: '2026-11-25T09:59:00Z',
      }),
    );
    expect(argo).toMatchObject({
      status: 201,
      body: { change: { service: 'cart', source: 'argocd', version: '1.8.0' } },
    });
    const jenkins = JSON.stringify({
      name: 'email-deploy',
      url: 'job/shop/job/email-deploy/',
      build: { number: 12, phase: 'FINALIZED', status: 'FAILURE', timestamp: 1795600500000, duration: 1000 },
    });
    const noToken = await fetch(`${cairn.url}/api/v1/integrations/jenkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: jenkins,
    });
    expect(noToken.status).toBe(401);
    const withToken = await fetch(`${cairn.url}/api/v1/integrations/jenkins?token=${cairn.adminToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: jenkins,
    });
    expect(withToken.status).toBe(201);
    expect(await withToken.json()).toMatchObject({
      change: { service: 'email', status: 'failed', source: 'jenkins' },
    });
  });

  it('`cairn change record` records through the API and prints the change id; bad input names the field', async () => {
    const env = { CAIRN_URL: cairn.url, CAIRN_TOKEN: cairn.adminToken };
    const recorded = await runCairn(
      [
        'change',
        'record',
        '--service',
        'payment',
        '--version',
        '4.0.0',
        '--revision',
        'deadbeef',
        '--idempotency-key',
        'ci-77',
      ],
      env,
    );
    expect(recorded.stderr).toBe('Recorded deploy of payment 4.0.0 to production.\n');
    expect(recorded.code).toBe(0);
    const id = recorded.stdout.trim();
    const again = await runCairn(
      ['change', 'record', '--service', 'payment', '--version', '4.0.0', '--idempotency-key', 'ci-77'],
      env,
    );
    expect(again.stdout.trim()).toBe(id);
    const listed = await api('GET', '/api/v1/changes?service=payment');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, source: 'cli', version: '4.0.0', revision: 'deadbeef' }),
    ]);

    const bad = await api('POST', '/api/v1/changes', JSON.stringify({ service: 'payment', kind: 'yolo' }));
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toMatch(/^body\.kind: Invalid option/);
  });

  it('refreshes the catalog on request', async () => {
    const refreshed = await api('POST', '/api/v1/catalog/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.sources).toEqual([
      expect.objectContaining({ ok: true, entities: 22, problems: 0, revision: null, error: null }),
    ]);
  });
});
