/**
 * Terraform plans (`terraform show -json`): each entry of `resource_changes` becomes an object
 * policies run on — `apiVersion: terraform.cairn.dev/v1`, `kind: ResourceChange`, named by its
 * address, with the plan's own fields (`type`, `name`, `change.actions`, `change.after`…) kept as
 * Terraform writes them, so a rule reads `object.change.after.ingress`.
 */
import type { KubeObject } from './policy-match.ts';

type Json = Record<string, unknown>;

/** True for the JSON `terraform show -json` prints for a plan. */
export function isTerraformPlan(doc: unknown): doc is Json {
  return (
    doc !== null &&
    typeof doc === 'object' &&
    'format_version' in doc &&
    Array.isArray((doc as Json).resource_changes)
  );
}

function operationOf(actions: string[]): 'CREATE' | 'UPDATE' | 'DELETE' {
  if (actions.includes('create')) return 'CREATE';
  if (actions.includes('update')) return 'UPDATE';
  return actions.includes('delete') ? 'DELETE' : 'UPDATE';
}

export interface TerraformChange {
  object: KubeObject;
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
}

/** The plan's resource changes as objects to check (no-op and read changes included; policies filter). */
export function resourceChangesOf(plan: Json): TerraformChange[] {
  return (plan.resource_changes as Json[]).map((change) => {
    const actions = ((change.change as Json | undefined)?.actions as string[] | undefined) ?? [];
    return {
      object: {
        ...change,
        apiVersion: 'terraform.cairn.dev/v1',
        kind: 'ResourceChange',
        metadata: { name: String(change.address ?? '') },
      },
      operation: operationOf(actions),
    };
  });
}
