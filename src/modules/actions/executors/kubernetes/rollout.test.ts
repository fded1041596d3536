import type { V1Deployment, V1DeploymentStatus } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { imageTag, replaceImageTag, rolloutState } from './rollout.ts';

describe('image references', () => {
  it('replaces the tag, keeping a registry port and dropping a digest', () => {
    expect(replaceImageTag('ghcr.io/shop/payment:1.4.0', '1.3.2')).toBe('ghcr.io/shop/payment:1.3.2');
    expect(replaceImageTag('registry:5000/shop/payment', '1.3.2')).toBe('registry:5000/shop/payment:1.3.2');
    expect(replaceImageTag('registry:5000/payment:1.4.0@sha256:abc', '1.3.2')).toBe(
      'registry:5000/payment:1.3.2',
    );
    expect(imageTag('registry:5000/payment:1.4.0@sha256:abc')).toBe('1.4.0');
    expect(imageTag('registry:5000/payment')).toBe('');
  });
});

describe('rolloutState', () => {
  const deployment = (status: V1DeploymentStatus, replicas = 3): V1Deployment => ({
    metadata: { name: 'payment', generation: 2 },
    spec: { replicas, selector: {}, template: {} },
    status,
  });
  it('follows kubectl rollout status, step by step', () => {
    expect(rolloutState(deployment({ observedGeneration: 1 }))).toMatchObject({
      done: false,
      message: 'waiting for the deployment spec update to be observed',
    });
    expect(
      rolloutState(deployment({ observedGeneration: 2, updatedReplicas: 1, replicas: 3 })),
    ).toMatchObject({ message: '1 of 3 new replicas have been updated' });
    expect(
      rolloutState(deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 })),
    ).toMatchObject({ message: '1 old replicas are pending termination' });
    expect(
      rolloutState(
        deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      ),
    ).toMatchObject({ message: '2 of 3 updated replicas are available' });
    expect(
      rolloutState(
        deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      ),
    ).toEqual({ done: true, message: 'deployment "payment" successfully rolled out (3 available)' });
    expect(rolloutState(deployment({ observedGeneration: 2, replicas: 0 }, 0))).toMatchObject({ done: true });
  });
});
