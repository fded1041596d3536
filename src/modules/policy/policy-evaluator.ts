/**
 * Runs policies on one object the way the apiserver runs a ValidatingAdmissionPolicy: match
 * constraints, then match conditions (all true or the policy does not apply), then validations
 * with variables evaluated lazily, each failing validation a violation with its message
 * (messageExpression first, then message, then the expression). Kyverno autogen checks a pod
 * controller's template as a pod. Exceptions in force turn a policy into a skip, naming them.
 */
import { evaluateExpression, fromCelValue, toCelValue } from './cel-engine.ts';
import {
  constraintsMatch,
  identify,
  type KubeObject,
  podFromController,
  type ResourceIdentity,
  resourceOf,
  splitApiVersion,
} from './policy-match.ts';
import type { CelPolicy, PolicyException, PolicySet, ValidationAction } from './policy-model.ts';

export type PolicyOutcome = 'pass' | 'fail' | 'skip' | 'error';

export interface Violation {
  message: string;
  reason: string;
  expression: string;
}

export interface PolicyResult {
  policy: string;
  resource: ResourceIdentity;
  outcome: PolicyOutcome;
  /** What a failure does: Deny blocks, Warn warns, Audit records. */
  actions: ValidationAction[];
  violations: Violation[];
  /** Why evaluation could not decide (outcome `error`). */
  error?: string;
  /** The exception that let the resource through (outcome `skip`). */
  exception?: string;
  /** Set when a pod controller was checked through its pod template. */
  checkedAs?: 'pod-template';
}

export interface EvaluationInput {
  object: KubeObject;
  oldObject?: KubeObject | null;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** The object's Namespace; one with just the name is made when absent. */
  namespaceObject?: KubeObject;
  userInfo?: { username?: string; groups?: string[] };
  now?: Date;
}

function namespaceFor(input: EvaluationInput, identity: ResourceIdentity): KubeObject | undefined {
  if (input.namespaceObject) return input.namespaceObject;
  if (identity.namespace === '') return undefined;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: identity.namespace } };
}

function requestFor(object: KubeObject, input: EvaluationInput, identity: ResourceIdentity) {
  const { group, version } = splitApiVersion(identity.apiVersion);
  return {
    operation: input.operation ?? 'CREATE',
    kind: { group, version, kind: identity.kind },
    resource: { group, version, resource: resourceOf(identity.kind) },
    name: identity.name,
    namespace: identity.namespace,
    userInfo: { username: input.userInfo?.username ?? '', groups: input.userInfo?.groups ?? [] },
    dryRun: false,
    object,
    oldObject: input.oldObject ?? null,
  };
}

/** The CEL activation: object, oldObject, request, namespaceObject, params, lazy variables. */
function activationFor(
  policy: CelPolicy,
  object: KubeObject,
  input: EvaluationInput,
  identity: ResourceIdentity,
) {
  const activation: Record<string, unknown> = {
    object: toCelValue(object),
    oldObject: toCelValue(input.oldObject ?? null),
    request: toCelValue(requestFor(object, input, identity)),
    namespaceObject: toCelValue(namespaceFor(input, identity) ?? null),
    params: null,
  };
  const variables: Record<string, unknown> = {};
  for (const variable of policy.variables) {
    let computed = false;
    let value: unknown;
    Object.defineProperty(variables, variable.name, {
      enumerable: true,
      get() {
        // Computed once, on first use, as cel-go's lazy variables are.
        if (!computed) {
          value = evaluateExpression(variable.expression, activation);
          computed = true;
        }
        return value;
      },
    });
  }
  activation.variables = variables;
  return activation;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function messageFor(
  validation: CelPolicy['validations'][number],
  activation: Record<string, unknown>,
): string {
  if (validation.messageExpression) {
    try {
      const message = evaluateExpression(validation.messageExpression, activation);
      if (typeof message === 'string' && message.trim() !== '') return message.trim();
    } catch {
      // The apiserver falls back to the static message when messageExpression fails.
    }
  }
  return validation.message ?? `failed expression: ${validation.expression.trim()}`;
}

function patternMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

function exceptionApplies(
  exception: PolicyException,
  policy: CelPolicy,
  identity: ResourceIdentity,
  activation: Record<string, unknown>,
  now: Date,
): boolean {
  if (!exception.policyNames.includes(policy.name)) return false;
  if (exception.expiresAt && Date.parse(exception.expiresAt) <= now.getTime()) return false;
  const key = `${identity.kind}/${identity.namespace}/${identity.name}`;
  if (exception.resources.length > 0 && !exception.resources.some((p) => patternMatches(p, key)))
    return false;
  try {
    return exception.matchConditions.every((c) => evaluateExpression(c.expression, activation) === true);
  } catch {
    return false;
  }
}

/**
 * Evaluates one policy on one object with the given actions. The result's outcome is `skip` when
 * the policy does not select the object, its match conditions are false, or an exception applies.
 */
export function evaluatePolicy(
  policy: CelPolicy,
  actions: ValidationAction[],
  input: EvaluationInput,
  exceptions: PolicyException[] = [],
): PolicyResult {
  const identity = identify(input.object);
  const base = { policy: policy.name, resource: identity, actions, violations: [] as Violation[] };
  const operation = input.operation ?? 'CREATE';
  let subject = input.object;
  let checkedAs: 'pod-template' | undefined;
  const namespaceObject = namespaceFor(input, identity);
  if (!constraintsMatch(policy.matchConstraints, subject, operation, namespaceObject)) {
    const pod = policy.autogenControllers.includes(identity.kind) ? podFromController(subject) : undefined;
    if (!pod || !constraintsMatch(policy.matchConstraints, pod, operation, namespaceObject)) {
      return { ...base, outcome: 'skip' };
    }
    subject = pod;
    checkedAs = 'pod-template';
  }
  const subjectIdentity = identify(subject);
  const activation = activationFor(policy, subject, { ...input, object: subject }, subjectIdentity);
  const withTemplate = checkedAs ? { checkedAs } : {};
  try {
    for (const condition of policy.matchConditions) {
      const value = evaluateExpression(condition.expression, activation);
      if (value !== true) return { ...base, ...withTemplate, outcome: 'skip' };
    }
  } catch (error) {
    return policy.failurePolicy === 'Ignore'
      ? { ...base, ...withTemplate, outcome: 'skip' }
      : { ...base, ...withTemplate, outcome: 'error', error: `match condition: ${reasonOf(error)}` };
  }
  const now = input.now ?? new Date();
  const exception = exceptions.find((e) => exceptionApplies(e, policy, identity, activation, now));
  if (exception) return { ...base, ...withTemplate, outcome: 'skip', exception: exception.name };
  const violations: Violation[] = [];
  for (const validation of policy.validations) {
    let value: unknown;
    try {
      value = evaluateExpression(validation.expression, activation);
    } catch (error) {
      return { ...base, ...withTemplate, outcome: 'error', error: reasonOf(error) };
    }
    if (typeof value !== 'boolean') {
      const type = typeof fromCelValue(value);
      return { ...base, ...withTemplate, outcome: 'error', error: `validation must be a bool, got ${type}` };
    }
    if (!value) {
      violations.push({
        message: messageFor(validation, activation),
        reason: validation.reason ?? 'Invalid',
        expression: validation.expression.trim(),
      });
    }
  }
  return { ...base, ...withTemplate, outcome: violations.length > 0 ? 'fail' : 'pass', violations };
}

/**
 * Evaluates every policy of the set on the object. A Kubernetes policy runs once per binding
 * (its actions and extra match from the binding); one without a binding runs with Deny, so a CI
 * check of a policy file alone still reports it.
 */
export function evaluatePolicySet(set: PolicySet, input: EvaluationInput): PolicyResult[] {
  const results: PolicyResult[] = [];
  for (const policy of set.policies) {
    if (policy.format !== 'kubernetes') {
      results.push(evaluatePolicy(policy, policy.validationActions, input, set.exceptions));
      continue;
    }
    const bindings = set.bindings.filter((b) => b.policyName === policy.name);
    if (bindings.length === 0) {
      results.push(evaluatePolicy(policy, ['Deny'], input, set.exceptions));
      continue;
    }
    const identity = identify(input.object);
    for (const binding of bindings) {
      const namespaceObject = namespaceFor(input, identity);
      if (
        binding.matchResources &&
        binding.matchResources.resourceRules.length > 0 &&
        !constraintsMatch(binding.matchResources, input.object, input.operation ?? 'CREATE', namespaceObject)
      ) {
        results.push({
          policy: policy.name,
          resource: identity,
          outcome: 'skip',
          actions: [],
          violations: [],
        });
        continue;
      }
      results.push(evaluatePolicy(policy, binding.validationActions, input, set.exceptions));
    }
  }
  return results;
}
