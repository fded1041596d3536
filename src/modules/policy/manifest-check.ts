/**
 * `cairn policy check`: the policies of a policy set run on manifests (plain YAML, multi-document,
 * `helm template` / `kustomize build` output, a `kind: List`) and on Terraform plans. A failure of a
 * policy whose actions include Deny denies the check; Warn and Audit failures are reported only.
 */
import { evaluatePolicySet, type PolicyResult } from './policy-evaluator.ts';
import type { KubeObject } from './policy-match.ts';
import { isPolicyDocument, type PolicySet } from './policy-model.ts';
import { isTerraformPlan, resourceChangesOf } from './terraform-plan.ts';

export interface CheckInput {
  /** File name, or `-` for standard input; shown in reports. */
  source: string;
  documents: unknown[];
}

export interface CheckFinding extends PolicyResult {
  source: string;
}

export interface CheckReport {
  findings: CheckFinding[];
  /** Objects checked (manifests and Terraform resource changes). */
  objectsChecked: number;
  denied: number;
  warned: number;
  audited: number;
  errors: number;
}

interface Target {
  source: string;
  object: KubeObject;
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
}

function targetsOf(input: CheckInput): Target[] {
  const targets: Target[] = [];
  for (const doc of input.documents) {
    if (isTerraformPlan(doc)) {
      for (const change of resourceChangesOf(doc)) targets.push({ source: input.source, ...change });
      continue;
    }
    if (doc === null || typeof doc !== 'object' || isPolicyDocument(doc)) continue;
    const object = doc as KubeObject;
    if (object.kind === 'List' && Array.isArray(object.items)) {
      for (const item of object.items as KubeObject[])
        targets.push({ source: input.source, object: item, operation: 'CREATE' });
    } else if (typeof object.kind === 'string') {
      targets.push({ source: input.source, object, operation: 'CREATE' });
    }
  }
  return targets;
}

/** Runs the policies on every object of the inputs; findings keep skips out. */
export function checkManifests(policies: PolicySet, inputs: CheckInput[]): CheckReport {
  const targets = inputs.flatMap(targetsOf);
  const findings: CheckFinding[] = [];
  for (const target of targets) {
    for (const result of evaluatePolicySet(policies, {
      object: target.object,
      operation: target.operation,
    })) {
      if (result.outcome !== 'skip') findings.push({ ...result, source: target.source });
    }
  }
  const failing = (action: 'Deny' | 'Warn' | 'Audit') =>
    findings.filter((f) => (f.outcome === 'fail' || f.outcome === 'error') && f.actions.includes(action))
      .length;
  return {
    findings,
    objectsChecked: targets.length,
    denied: failing('Deny'),
    warned: failing('Warn'),
    audited: failing('Audit'),
    errors: findings.filter((f) => f.outcome === 'error').length,
  };
}
