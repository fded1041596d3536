/**
 * Violations are kept: a Deny failure at admission stays open, named with its service, team and
 * how to fix it, until the same resource passes; the open Deny count reaches scorecards; an
 * exception that lets a resource through is listed and audited once, not on every review.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const examples = new URL('../../examples/', import.meta.url).pathname;
let cairn: InProcessCairn;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-exceptions-'));
  const exception = join(dir, 'legacy-agent-exception.yaml');
  writeFileSync(
    exception,
    [
      'apiVersion: policies.kyverno.io/v1',
      'kind: PolicyException',
      'metadata: {name: legacy-agent}',
      'spec:',
      '  policyRefs: [{name: pss-baseline, kind: ValidatingPolicy}]',
      '  resources: ["Pod/shop/legacy-*"]',
      '  reason: the legacy agent needs a privileged container until it is replaced',
      `  expiresAt: "${new Date(Date.now() + 86_400_000).toISOString()}"`,
    ].join('\n'),
  );
  cairn = await startInProcess({
    policyPaths: [
      `${examples}policies/pss-baseline.yaml`,
      `${examples}policies/scorecard-production-readiness.yaml`,
      exception,
    ],
    catalogDir: `${examples}catalog`,
  });
});
afterAll(async () => {
  await cairn?.close();
});

const pod = (name: string, privileged: boolean) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { 'app.kubernetes.io/name': 'checkout' } },
  spec: { containers: [{ name: 'app', image: 'checkout:1.4.2', securityContext: { privileged } }] },
});

async function admit(object: ReturnType<typeof pod>, operation = 'CREATE') {
  const response = await cairn.app.inject({
    method: 'POST',
    url: '/api/v1/admission',
    headers: { authorization: `Bearer ${cairn.adminToken}` },
    payload: {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: `uid-${object.metadata.name}-${operation}`,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        operation,
        namespace: 'shop',
        name: object.metadata.name,
        object,
        userInfo: { username: 'alice@example.com', groups: [] },
      },
    },
  });
  expect(response.statusCode).toBe(200);
  await cairn.runtime.policyViolations.drain();
  return response.json().response as { allowed: boolean };
}

async function get(url: string) {
  const response = await cairn.app.inject({ url, headers: { authorization: `Bearer ${cairn.adminToken}` } });
  return { status: response.statusCode, body: response.json() };
}

const openDenyRule = async () => {
  const { body } = await get('/api/v1/scorecards');
  const checkout = body.services.find((s: { service: string }) => s.service === 'checkout');
  return checkout.rules.find((r: { name: string }) => r.name === 'no-deny-violations');
};

describe('policy violations', () => {
  it('keeps a denied pod as an open violation of its service and team, with the fix, until it passes', async () => {
    expect(await admit(pod('checkout-7d9f', true))).toMatchObject({ allowed: false });
    expect(await admit(pod('checkout-7d9f', true))).toMatchObject({ allowed: false });

    const { body } = await get('/api/v1/policy/violations?service=checkout&open=true');
    expect(body.items).toEqual([
      {
        id: expect.any(String),
        source: 'admission',
        resource: { kind: 'Pod', namespace: 'shop', name: 'checkout-7d9f' },
        service: 'checkout',
        team: 'team-orders',
        policy: 'pss-baseline',
        outcome: 'fail',
        actions: ['Deny'],
        message: 'Privileged containers are disallowed (securityContext.privileged).',
        exception: null,
        fix: 'Run containers unprivileged: remove securityContext.privileged (or set it to false), drop added capabilities beyond the baseline set, and do not share the host network, PID or IPC namespaces.',
        open: true,
        firstSeen: expect.any(String),
        lastSeen: expect.any(String),
        resolvedAt: null,
      },
    ]);
    expect((await get('/api/v1/policy/violations?team=team-orders')).body.items).toHaveLength(1);
    expect((await get('/api/v1/policy/violations?team=team-storefront')).body.items).toEqual([]);
    expect(await openDenyRule()).toEqual({
      name: 'no-deny-violations',
      level: 'silver',
      passed: false,
      message: 'Fix the open Deny policy violations on this service (Policy page, Violations).',
    });

    expect(await admit(pod('checkout-7d9f', false))).toMatchObject({ allowed: true });
    expect((await get('/api/v1/policy/violations?service=checkout&open=true')).body.items).toEqual([]);
    const [closed] = (await get('/api/v1/policy/violations?service=checkout&open=false')).body.items;
    expect(closed).toMatchObject({ policy: 'pss-baseline', open: false, resolvedAt: expect.any(String) });
    expect(await openDenyRule()).toMatchObject({ passed: true, message: null });
  });

  it('lists an exception that let a pod through and audits it once, not on every review', async () => {
    expect(await admit(pod('legacy-agent', true))).toMatchObject({ allowed: true });
    expect(await admit(pod('legacy-agent', true), 'UPDATE')).toMatchObject({ allowed: true });

    const { body } = await get('/api/v1/policy/violations?service=checkout&open=false');
    expect(body.items.find((v: { exception: string | null }) => v.exception !== null)).toMatchObject({
      resource: { kind: 'Pod', namespace: 'shop', name: 'legacy-agent' },
      outcome: 'excepted',
      exception: 'legacy-agent',
      message: 'let through by exception legacy-agent',
      open: false,
    });
    const audit = await get('/api/v1/audit?action=policy.exception-applied');
    expect(
      audit.body.items.map((e: Record<string, unknown>) => [e.actor, e.target, e.service, e.details]),
    ).toEqual([
      [
        'alice@example.com',
        'v1 Pod shop/legacy-agent',
        'checkout',
        { policy: 'pss-baseline', exception: 'legacy-agent', source: 'admission' },
      ],
    ]);
  });

  it('closes every open violation of a deleted resource', async () => {
    await admit(pod('checkout-gone', true));
    expect((await get('/api/v1/policy/violations?service=checkout&open=true')).body.items).toHaveLength(1);
    await admit(pod('checkout-gone', true), 'DELETE');
    expect((await get('/api/v1/policy/violations?service=checkout&open=true')).body.items).toEqual([]);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const { status, body } = await get('/api/v1/policy/violations?open=maybe');
    expect(status).toBe(400);
    expect(body.error.message).toContain('open');
  });
});
