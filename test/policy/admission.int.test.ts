import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const policies = new URL('../../examples/policies/', import.meta.url).pathname;
let cairn: InProcessCairn;

beforeAll(async () => {
  cairn = await startInProcess({
    policyPaths: [`${policies}pss-baseline.yaml`, `${policies}required-labels.yaml`],
  });
});
afterAll(async () => {
  await cairn?.close();
});

function review(object: Record<string, unknown>, uid = '705ab4f5-6393-11e8-b7cc-42010a800002') {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      operation: 'CREATE',
      namespace: 'shop',
      name: String((object.metadata as { name: string }).name),
      object,
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: [] },
    },
  };
}

const pod = (name: string, securityContext: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/owner': 'payments' } },
  spec: { containers: [{ name: 'app', image: 'registry.example.com/checkout:1.4.2', securityContext }] },
});

async function post(body: unknown, token: string | null = cairn.adminToken) {
  const response = await cairn.app.inject({
    method: 'POST',
    url: '/api/v1/admission',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
}

describe('POST /api/v1/admission', () => {
  it('denies a privileged pod with the policy message', async () => {
    const { status, body } = await post(review(pod('miner', { privileged: true }), 'uid-1'));
    expect(status).toBe(200);
    expect(body).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'uid-1',
        allowed: false,
        status: {
          code: 403,
          reason: 'Forbidden',
          message:
            "policy 'pss-baseline' denied the request: Privileged containers are disallowed (securityContext.privileged).",
        },
      },
    });
  });

  it('allows a compliant pod', async () => {
    const { status, body } = await post(review(pod('checkout'), 'uid-2'));
    expect(status).toBe(200);
    expect(body).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-2', allowed: true },
    });
  });

  it('returns a Warn policy failure as a warning and still allows', async () => {
    const unlabelled = { ...pod('batch'), metadata: { name: 'batch' } };
    const { body } = await post(review(unlabelled, 'uid-3'));
    expect(body.response).toEqual({
      uid: 'uid-3',
      allowed: true,
      warnings: [
        "policy 'required-labels': Pod batch must have the labels app.kubernetes.io/name and app.kubernetes.io/owner.",
      ],
      auditAnnotations: {
        'cairn.dev/required-labels':
          'Pod batch must have the labels app.kubernetes.io/name and app.kubernetes.io/owner.',
      },
    });
  });

  it('answers 400 naming the field when the review has no uid, and 401 without a token', async () => {
    const bad = review(pod('x'));
    delete (bad.request as { uid?: string }).uid;
    const { status, body } = await post(bad);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain('request.uid');
    expect((await post(review(pod('x')), null)).status).toBe(401);
  });
});
