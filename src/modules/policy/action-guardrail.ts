/**
 * Guardrails before an action runs: the action's inputs, seen by policies as an
 * `actions.cairn.dev/v1` `ActionRun` object (`object.spec.action`, `.service`, `.environment`,
 * `.inputs`), and every manifest the action renders, run through the same policies. A failing
 * Deny policy blocks the run with its message; Warn messages are shown and the run goes on. The
 * actions module calls this before it starts a run and records both in the audit log.
 */
import { evaluatePolicySet, type PolicyResult } from './policy-evaluator.ts';
import type { KubeObject } from './policy-match.ts';
import type { PolicySet } from './policy-model.ts';

export interface ActionRunRequest {
  /** The action's name, e.g. `scale`. */
  action: string;
  service: string;
  environment?: string;
  inputs: Record<string, unknown>;
  /** Manifests the action would apply, already rendered. */
  manifests?: KubeObject[];
}

export interface ActionGuardrailDecision {
  allowed: boolean;
  /** Messages of failing Deny policies: why the run is blocked. */
  denied: string[];
  /** Messages of failing Warn policies: shown, the run goes on. */
  warnings: string[];
  results: PolicyResult[];
}

/** The object policies see for an action run. */
export function actionRunObject(request: ActionRunRequest): KubeObject {
  return {
    apiVersion: 'actions.cairn.dev/v1',
    kind: 'ActionRun',
    metadata: {
      name: request.action,
      namespace: request.service,
      labels: { 'cairn.dev/service': request.service },
    },
    spec: {
      action: request.action,
      service: request.service,
      environment: request.environment ?? '',
      inputs: request.inputs,
    },
  };
}

const failing = (r: PolicyResult) => r.outcome === 'fail' || r.outcome === 'error';

function messagesOf(result: PolicyResult): string[] {
  if (result.outcome === 'error') return [`${result.policy}: could not be evaluated: ${result.error ?? ''}`];
  return result.violations.map((v) => `${result.policy}: ${v.message}`);
}

/** Checks an action's inputs and rendered manifests; `allowed` is false when a Deny policy fails. */
export function checkActionInputs(policies: PolicySet, request: ActionRunRequest): ActionGuardrailDecision {
  const objects = [actionRunObject(request), ...(request.manifests ?? [])];
  const results = objects.flatMap((object) =>
    evaluatePolicySet(policies, { object, operation: 'CREATE' }).filter((r) => r.outcome !== 'skip'),
  );
  const denied = results.filter((r) => failing(r) && r.actions.includes('Deny')).flatMap(messagesOf);
  const warnings = results.filter((r) => failing(r) && r.actions.includes('Warn')).flatMap(messagesOf);
  return { allowed: denied.length === 0, denied, warnings, results };
}
