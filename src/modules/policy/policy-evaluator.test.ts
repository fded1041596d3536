import { describe, expect, it } from 'vitest';
import { evaluatePolicySet } from './policy-evaluator.ts';
import { readPolicySet } from './policy-model.ts';

const hours = (n: number) => n * 3_600_000;

function kyvernoPolicy(spec: Record<string, unknown>, name = 'p') {
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ValidatingPolicy',
    metadata: { name },
    spec: {
      validationActions: ['Deny'],
      matchConstraints: {
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
        ],
      },
      ...spec,
    },
  };
}

const pod = (name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels },
  spec: { containers: [{ name: 'app', image: 'app:1', ...extra }] },
});

const noHostNetwork = kyvernoPolicy({
  validations: [
    {
      expression: '!object.spec.?hostNetwork.orValue(false)',
      messageExpression: "'pod ' + object.metadata.name + ' uses the host network'",
    },
  ],
});

describe('evaluatePolicySet', () => {
  it('fails a Kyverno policy with the messageExpression and passes a compliant pod', () => {
    const set = readPolicySet([noHostNetwork], 'test');
    const bad = { ...pod('a'), spec: { hostNetwork: true, containers: [] } };
    const [fail] = evaluatePolicySet(set, { object: bad });
    expect(fail).toMatchObject({ policy: 'p', outcome: 'fail', actions: ['Deny'] });
    expect(fail?.violations).toEqual([
      {
        message: 'pod a uses the host network',
        reason: 'Invalid',
        expression: '!object.spec.?hostNetwork.orValue(false)',
      },
    ]);
    expect(evaluatePolicySet(set, { object: pod('b') })[0]?.outcome).toBe('pass');
  });

  it('falls back to the message, then to the expression, when messageExpression fails', () => {
    const set = readPolicySet(
      [
        kyvernoPolicy({
          validations: [
            { expression: 'false', messageExpression: 'object.spec.nothing.here', message: 'static message' },
            { expression: '1 > 2' },
          ],
        }),
      ],
      'test',
    );
    const messages = evaluatePolicySet(set, { object: pod('a') })[0]?.violations.map((v) => v.message);
    expect(messages).toEqual(['static message', 'failed expression: 1 > 2']);
  });

  it('checks the pod template of every pod controller (autogen), including CronJob', () => {
    const set = readPolicySet([noHostNetwork], 'test');
    const template = { metadata: { labels: { app: 'x' } }, spec: { hostNetwork: true, containers: [] } };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template },
    };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    };
    for (const object of [deployment, cronJob]) {
      const [result] = evaluatePolicySet(set, { object });
      expect(result).toMatchObject({ outcome: 'fail', checkedAs: 'pod-template' });
      expect(result?.violations[0]?.message).toBe(`pod ${object.metadata.name} uses the host network`);
    }
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
    expect(evaluatePolicySet(set, { object: service })[0]?.outcome).toBe('skip');
  });

  it('stops autogen when the policy lists no controllers', () => {
    const policy = kyvernoPolicy({ ...noHostNetwork.spec, autogen: { podControllers: { controllers: [] } } });
    const set = readPolicySet([policy], 'test');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { hostNetwork: true, containers: [] } } },
    };
    expect(evaluatePolicySet(set, { object: deployment })[0]?.outcome).toBe('skip');
  });

  it('applies namespace and object selectors, exclusions and match conditions', () => {
    const policy = kyvernoPolicy({
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['*'], resources: ['pods'] }],
        excludeResourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['*'],
            resources: ['pods'],
            resourceNames: ['skipped'],
          },
        ],
        namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
        objectSelector: { matchLabels: { tier: 'web' } },
      },
      matchConditions: [{ name: 'not-debug', expression: "!('debug' in object.metadata.labels)" }],
      validations: [{ expression: 'false', message: 'denied' }],
    });
    const set = readPolicySet([policy], 'test');
    const prod = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { env: 'prod' } } };
    const dev = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { env: 'dev' } } };
    const outcome = (object: Record<string, unknown>, namespaceObject = prod) =>
      evaluatePolicySet(set, { object, namespaceObject })[0]?.outcome;
    expect(outcome(pod('a', {}, { tier: 'web' }))).toBe('fail');
    expect(outcome(pod('a', {}, { tier: 'web' }), dev)).toBe('skip');
    expect(outcome(pod('a', {}, { tier: 'db' }))).toBe('skip');
    expect(outcome(pod('skipped', {}, { tier: 'web' }))).toBe('skip');
    expect(outcome(pod('a', {}, { tier: 'web', debug: 'yes' }))).toBe('skip');
  });

  it('runs a ValidatingAdmissionPolicy once per binding, with the binding actions', () => {
    const vap = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'vap' },
      spec: {
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
          ],
        },
        validations: [
          { expression: "object.metadata.name.startsWith('ok')", message: 'bad name', reason: 'Invalid' },
        ],
      },
    };
    const binding = (name: string, actions: string[]) => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: 'vap', validationActions: actions },
    });
    const set = readPolicySet([vap, binding('warn', ['Warn', 'Audit']), binding('deny', ['Deny'])], 'test');
    const results = evaluatePolicySet(set, { object: pod('nope') });
    expect(results.map((r) => [r.outcome, r.actions])).toEqual([
      ['fail', ['Warn', 'Audit']],
      ['fail', ['Deny']],
    ]);
    const unbound = readPolicySet([vap], 'test');
    expect(evaluatePolicySet(unbound, { object: pod('nope') })[0]?.actions).toEqual(['Deny']);
  });

  it('lets a resource through an exception in force, and not once it has expired', () => {
    const exception = (expiresAt: string) => ({
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'PolicyException',
      metadata: { name: 'legacy-agent' },
      spec: {
        policyRefs: [{ name: 'p', kind: 'ValidatingPolicy' }],
        resources: ['Pod/shop/legacy-*'],
        reason: 'the legacy agent needs the host network until it is replaced',
        expiresAt,
      },
    });
    const bad = { ...pod('legacy-agent'), spec: { hostNetwork: true, containers: [] } };
    const now = new Date();
    const future = new Date(now.getTime() + hours(24)).toISOString();
    const past = new Date(now.getTime() - hours(1)).toISOString();
    const active = readPolicySet([noHostNetwork, exception(future)], 'test');
    expect(evaluatePolicySet(active, { object: bad, now })[0]).toMatchObject({
      outcome: 'skip',
      exception: 'legacy-agent',
    });
    const otherName = { ...bad, metadata: { name: 'agent', namespace: 'shop' } };
    expect(evaluatePolicySet(active, { object: otherName, now })[0]?.outcome).toBe('fail');
    const expired = readPolicySet([noHostNetwork, exception(past)], 'test');
    expect(evaluatePolicySet(expired, { object: bad, now })[0]?.outcome).toBe('fail');
  });

  it('reports an error, not a pass, when a validation cannot be evaluated', () => {
    const set = readPolicySet(
      [kyvernoPolicy({ validations: [{ expression: 'object.spec.missing.x == 1' }] })],
      'test',
    );
    const [result] = evaluatePolicySet(set, { object: pod('a') });
    expect(result?.outcome).toBe('error');
    expect(result?.error).toMatch(/missing/);
  });

  it('rejects a policy without a name or with an unknown action, naming the field', () => {
    expect(() => readPolicySet([{ ...noHostNetwork, metadata: {} }], 'p.yaml')).toThrow(
      'p.yaml document 1 (ValidatingPolicy): metadata.name is required',
    );
    const badAction = kyvernoPolicy({ validationActions: ['Block'], validations: [] });
    expect(() => readPolicySet([badAction], 'p.yaml')).toThrow(
      "p.yaml document 1 (ValidatingPolicy): validationActions has 'Block'; expected Deny, Warn or Audit",
    );
  });
});
