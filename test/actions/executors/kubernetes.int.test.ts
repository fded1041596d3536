import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInExecutors } from '../../../src/modules/actions/executors/index.ts';
import { createKubernetesExecutor } from '../../../src/modules/actions/executors/kubernetes/kubernetes.executor.ts';
import {
  type KubernetesSettings,
  KubernetesSettingsSchema,
} from '../../../src/modules/actions/executors/kubernetes/kubernetes.settings.ts';
import { type FakeKubernetes, startFakeKubernetes } from '../fakes/kubernetes-api.fake.ts';
import { executionContext, logged } from './execution-context.ts';

type Json = Record<string, unknown>;
const TOKEN = 'kube-token-cairn';

describe('Kubernetes executor against a fake Kubernetes API', () => {
  let kube: FakeKubernetes;
  let dir: string;
  let kubeconfig: string;
  const executor = createKubernetesExecutor({ now: () => new Date('2026-12-06T06:00:00.123Z') });
  const settings = (input: Record<string, unknown>): KubernetesSettings =>
    KubernetesSettingsSchema.parse({
      kubeconfig,
      namespace: 'shop',
      deployment: 'payment',
      pollIntervalMs: 10,
      ...input,
    });
  const containersOf = () =>
    (
      ((kube.deployment('shop', 'payment').spec as Json).template as Json).spec as {
        containers: { name: string; image: string }[];
      }
    ).containers;
  const revisionOf = () =>
    ((kube.deployment('shop', 'payment').metadata as Json).annotations as Json)[
      'deployment.kubernetes.io/revision'
    ];

  beforeEach(async () => {
    kube = await startFakeKubernetes({
      token: TOKEN,
      deployments: [
        {
          namespace: 'shop',
          name: 'payment',
          replicas: 3,
          containers: [['payment', 'ghcr.io/shop/payment:1.4.0']],
          history: [[['payment', 'ghcr.io/shop/payment:1.3.0']], [['payment', 'ghcr.io/shop/payment:1.3.2']]],
        },
        {
          namespace: 'shop',
          name: 'cart',
          replicas: 2,
          containers: [
            ['cart', 'ghcr.io/shop/cart:2.0.1'],
            ['envoy', 'envoyproxy/envoy:v1.31.0'],
          ],
          stuck: true,
        },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'cairn-kube-'));
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${kube.url}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: cairn',
        '  user:',
        `    token: ${TOKEN}`,
        'contexts:',
        '- name: fake-prod',
        '  context: {cluster: fake, user: cairn}',
        'current-context: fake-prod',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is registered as the built-in "kubernetes" executor', () => {
    expect(builtInExecutors.kubernetes?.kind).toBe('kubernetes');
  });

  it('scales through the scale subresource and waits for the rollout (fake Kubernetes)', async () => {
    const context = executionContext(settings({ operation: 'scale', replicas: '5' }));
    const outcome = await executor.execute(context);

    const patch = kube.server.requests.find((request) => request.method === 'PATCH');
    expect([patch?.path, patch?.headers['content-type'], patch?.json]).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments/payment/scale',
      'application/merge-patch+json',
      { spec: { replicas: 5 } },
    ]);
    expect(patch?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(patch?.query.get('fieldManager')).toBe('cairn');
    expect(kube.deployment('shop', 'payment').status).toMatchObject({
      replicas: 5,
      updatedReplicas: 5,
      availableReplicas: 5,
    });
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'deployment shop/payment: scaled from 3 to 5 replicas',
      change: { summary: 'scaled from 3 to 5 replicas' },
    });
    expect(context.logs).toEqual([
      `Connected to ${kube.url} (context fake-prod)`,
      'Scaling payment from 3 to 5 replicas',
      'Rollout: waiting for the deployment spec update to be observed',
      'Rollout: 4 of 5 new replicas have been updated',
      'Rollout: 1 old replicas are pending termination',
      'Rollout: deployment "payment" successfully rolled out (5 available)',
    ]);
  });

  it('restarts by stamping kubectl.kubernetes.io/restartedAt on the pod template (fake Kubernetes)', async () => {
    const context = executionContext(
      settings({
        operation: 'restart',
        dashboardUrl: 'https://headlamp.shop.example/c/prod/deployments/shop/payment',
      }),
    );
    const outcome = await executor.execute(context);
    expect(context.links).toEqual([
      {
        title: 'Deployment shop/payment',
        url: 'https://headlamp.shop.example/c/prod/deployments/shop/payment',
      },
    ]);
    const template = (kube.deployment('shop', 'payment').spec as Json).template as {
      metadata: { annotations: Json };
    };
    expect(template.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/restartedAt': '2026-12-06T06:00:00Z',
    });
    expect(revisionOf()).toBe('4');
    expect(outcome.change).toEqual({ summary: 'restarted (rolling restart)' });
  });

  it('rolls back to the previous ReplicaSet revision by copying its pod template (fake Kubernetes)', async () => {
    const context = executionContext(settings({ operation: 'rollback' }));
    const outcome = await executor.execute(context);

    const patch = kube.server.requests.find((request) => request.method === 'PATCH');
    expect(patch?.headers['content-type']).toBe('application/json-patch+json');
    expect(patch?.json).toEqual([
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'payment' } },
          spec: {
            containers: [
              { name: 'payment', image: 'ghcr.io/shop/payment:1.3.2', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    ]);
    expect(containersOf()).toEqual([
      { name: 'payment', image: 'ghcr.io/shop/payment:1.3.2', ports: [{ containerPort: 8080 }] },
    ]);
    // The controller re-uses revision 2's ReplicaSet and renumbers it, as Kubernetes does.
    expect(revisionOf()).toBe('4');
    expect(
      kube.replicaSets.filter(
        (replicaSet) => ((replicaSet.metadata as Json).labels as Json).app === 'payment',
      ),
    ).toHaveLength(3);
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message:
        'deployment shop/payment: rolled back from revision 3 to revision 2 (ghcr.io/shop/payment:1.3.2)',
      change: {
        summary: 'rolled back from revision 3 to revision 2 (ghcr.io/shop/payment:1.3.2)',
        version: '1.3.2',
      },
    });
    expect(context.logs[1]).toMatch(
      /^Rolling payment back from revision 3 to revision 2 \(ReplicaSet payment-[a-z0-9]+, ghcr\.io\/shop\/payment:1\.3\.2\)$/,
    );
  });

  it('rolls back to a named revision, and says which revisions exist when it is gone (fake Kubernetes)', async () => {
    // The runs service substitutes `${{ inputs.revision }}` before the executor sees it.
    await executor.execute(executionContext(settings({ operation: 'rollback', revision: '1' })));
    expect(containersOf()[0]?.image).toBe('ghcr.io/shop/payment:1.3.0');
    await expect(
      executor.execute(executionContext(settings({ operation: 'rollback', revision: 9 }))),
    ).rejects.toThrow('payment has no revision 9 (revisions kept: 4, 3, 2)');
  });

  it('sets a container’s image by tag and records the version (fake Kubernetes)', async () => {
    const outcome = await executor.execute(
      executionContext(settings({ operation: 'set-image', tag: '1.4.1' })),
    );
    expect(containersOf()[0]?.image).toBe('ghcr.io/shop/payment:1.4.1');
    const patch = kube.server.requests.find((request) => request.method === 'PATCH');
    expect(patch?.json).toEqual([
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'payment' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/shop/payment:1.4.1' },
    ]);
    expect(outcome.change).toEqual({
      summary: 'set payment to ghcr.io/shop/payment:1.4.1',
      version: '1.4.1',
    });
  });

  it('asks which container when a Deployment has several, and fails on a stuck rollout with its condition (fake Kubernetes)', async () => {
    await expect(
      executor.execute(
        executionContext(
          settings({ deployment: 'cart', operation: 'set-image', image: 'ghcr.io/shop/cart:2.1.0' }),
        ),
      ),
    ).rejects.toThrow('cart has 2 containers (cart, envoy); say which one with container');
    await expect(
      executor.execute(
        executionContext(
          settings({
            deployment: 'cart',
            operation: 'set-image',
            container: 'cart',
            image: 'ghcr.io/shop/cart:2.1.0',
          }),
        ),
      ),
    ).rejects.toThrow(
      'deployment "cart" exceeded its progress deadline: ReplicaSet "cart-new" has timed out progressing.',
    );
  });

  it('quotes the API server’s refusal (fake Kubernetes)', async () => {
    kube.forbidden.add('patch deployments/scale');
    await expect(
      executor.execute(executionContext(settings({ operation: 'scale', replicas: 5 }))),
    ).rejects.toThrow(
      'Kubernetes answered PATCH deployment shop/payment/scale with HTTP 403: "deployments.apps/scale "payment" is forbidden: User "system:serviceaccount:cairn:cairn" cannot patch resource "deployments/scale" in API group "apps" in the namespace "shop""',
    );
    await expect(
      executor.execute(executionContext(settings({ deployment: 'orders', operation: 'restart' }))),
    ).rejects.toThrow(
      'Kubernetes answered GET deployment shop/orders with HTTP 404: "deployments.apps "orders" not found"',
    );
    expect(kube.deployment('shop', 'payment').spec).toMatchObject({ replicas: 3 });
  });

  it('stops waiting for the rollout when the run is cancelled (fake Kubernetes)', async () => {
    const context = executionContext(
      settings({ deployment: 'cart', operation: 'restart', pollIntervalMs: 60_000 }),
    );
    const execution = executor.execute(context);
    await logged(context, 'Rollout:');
    context.abort('cancelled by Dana Developer');
    await expect(execution).rejects.toThrow(
      'stopped while waiting for the rollout of deployment shop/cart: cancelled by Dana Developer',
    );
  });

  it('says when the kubeconfig cannot be used', async () => {
    await expect(
      executor.execute(
        executionContext(settings({ operation: 'restart', kubeconfig: join(dir, 'missing.yaml') })),
      ),
    ).rejects.toThrow(`cannot load the Kubernetes configuration from ${join(dir, 'missing.yaml')}: ENOENT`);
    await expect(
      executor.execute(executionContext(settings({ operation: 'restart', context: 'staging' }))),
    ).rejects.toThrow(/the kubeconfig has no context "staging"|cannot load the Kubernetes configuration/);
  });
});

describe('Kubernetes settings', () => {
  it('names what each operation needs', () => {
    const scale = KubernetesSettingsSchema.safeParse({
      namespace: 'shop',
      deployment: 'payment',
      operation: 'scale',
    });
    expect(scale.error?.issues.map((issue) => issue.message)).toEqual([
      'replicas: required when operation is scale',
    ]);
    const image = KubernetesSettingsSchema.safeParse({
      namespace: 'shop',
      deployment: 'payment',
      operation: 'set-image',
    });
    expect(image.error?.issues[0]?.message).toBe(
      'image or tag: set-image needs exactly one (a whole image reference, or a tag for the current image)',
    );
    expect(
      KubernetesSettingsSchema.safeParse({
        namespace: 'shop',
        deployment: 'payment',
        operation: 'scale',
        replicas: 'many',
      }).error?.issues[0]?.message,
    ).toBe('replicas: must be a whole number of at least 0, or an input like ${{ inputs.replicas }}');
    expect(
      KubernetesSettingsSchema.parse({
        namespace: 'shop',
        deployment: 'payment',
        operation: 'scale',
        replicas: '${{ inputs.replicas }}',
      }),
    ).toMatchObject({
      replicas: '${{ inputs.replicas }}',
      revision: 'previous',
      wait: true,
      pollIntervalMs: 2000,
      waitTimeoutMs: 600000,
    });
  });
});
