import { describe, expect, it } from 'vitest';
import { checkActionInputs, loadPolicySet } from '../../src/modules/policy/index.ts';

const policies = loadPolicySet([
  new URL('../../examples/policies/scale-replicas-cap.yaml', import.meta.url).pathname,
  new URL('../../examples/policies/required-labels.yaml', import.meta.url).pathname,
]);

describe('checkActionInputs (guardrails before an action runs)', () => {
  it('blocks a scale above the replicas cap with the policy message', () => {
    const decision = checkActionInputs(policies, {
      action: 'scale',
      service: 'checkout',
      environment: 'production',
      inputs: { replicas: 12 },
    });
    expect(decision.allowed).toBe(false);
    expect(decision.denied).toEqual([
      'scale-replicas-cap: scaling checkout to 12 replicas is above the cap of 10; ask the platform team for a higher cap',
    ]);
  });

  it('lets a scale within the cap run, and ignores other actions', () => {
    const within = checkActionInputs(policies, {
      action: 'scale',
      service: 'checkout',
      inputs: { replicas: 10 },
    });
    expect(within).toMatchObject({ allowed: true, denied: [], warnings: [] });
    const restart = checkActionInputs(policies, {
      action: 'restart',
      service: 'checkout',
      inputs: { replicas: 50 },
    });
    expect(restart.allowed).toBe(true);
  });

  it('refuses scaling production to zero', () => {
    const decision = checkActionInputs(policies, {
      action: 'scale',
      service: 'checkout',
      environment: 'production',
      inputs: { replicas: 0 },
    });
    expect(decision.denied).toEqual([
      'scale-replicas-cap: A production service may not be scaled to zero replicas; use a maintenance window.',
    ]);
  });

  it('checks the manifests an action renders; Warn policies warn and let the run go on', () => {
    const decision = checkActionInputs(policies, {
      action: 'restart',
      service: 'checkout',
      inputs: {},
      manifests: [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'checkout-1' }, spec: { containers: [] } },
      ],
    });
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([
      'required-labels: Pod checkout-1 must have the labels app.kubernetes.io/name and app.kubernetes.io/owner.',
    ]);
  });
});
