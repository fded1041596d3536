/**
 * Which resources a policy applies to: `matchConstraints` resource rules (with exclusions),
 * namespace and object label selectors, as the apiserver matches them; and Kyverno's autogen,
 * which checks a pod controller's pod template as a pod.
 */
import type { LabelSelector, MatchConstraints, ResourceRule } from './policy-model.ts';

/** A Kubernetes object as parsed from YAML/JSON. */
export type KubeObject = Record<string, unknown>;

export interface ResourceIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

const clusterScopedKinds = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'RuntimeClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'PodSecurityPolicy',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CSIDriver',
  'CSINode',
  'IngressClass',
  'APIService',
  // Terraform resource changes (terraform-plan.ts) have no namespace.
  'ResourceChange',
]);

const irregularPlurals: Record<string, string> = { Endpoints: 'endpoints' };

const metadataOf = (object: KubeObject): Record<string, unknown> =>
  (object.metadata as Record<string, unknown> | undefined) ?? {};

/** The REST resource name of a kind (`Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`). */
export function resourceOf(kind: string): string {
  const irregular = irregularPlurals[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function isClusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}

/** Kind, name and namespace (`default` for a namespaced object without one, as kubectl does). */
export function identify(object: KubeObject): ResourceIdentity {
  const metadata = metadataOf(object);
  const kind = String(object.kind ?? '');
  return {
    apiVersion: String(object.apiVersion ?? ''),
    kind,
    name: String(metadata.name ?? metadata.generateName ?? ''),
    namespace: isClusterScoped(kind) ? '' : String(metadata.namespace ?? 'default'),
  };
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const matchesList = (list: string[], value: string) => list.includes('*') || list.includes(value);

function ruleMatches(rule: ResourceRule, identity: ResourceIdentity, operation: string): boolean {
  const { group, version } = splitApiVersion(identity.apiVersion);
  const resource = resourceOf(identity.kind);
  const resourceMatches = rule.resources.some((r) => r === '*' || r === resource || r === `${resource}/*`);
  return (
    matchesList(rule.apiGroups, group) &&
    matchesList(rule.apiVersions, version) &&
    resourceMatches &&
    (rule.operations.length === 0 || matchesList(rule.operations, operation)) &&
    (!rule.resourceNames || rule.resourceNames.length === 0 || rule.resourceNames.includes(identity.name))
  );
}

/** Label selector semantics of metav1.LabelSelector; an empty selector matches everything. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function labelsOf(object: KubeObject | undefined): Record<string, string> {
  if (!object) return {};
  const labels = metadataOf(object).labels;
  if (!labels || typeof labels !== 'object') return {};
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** Whether `constraints` select the object (its rules, exclusions and selectors). */
export function constraintsMatch(
  constraints: MatchConstraints,
  object: KubeObject,
  operation: string,
  namespaceObject: KubeObject | undefined,
): boolean {
  const identity = identify(object);
  if (!constraints.resourceRules.some((rule) => ruleMatches(rule, identity, operation))) return false;
  if (constraints.excludeResourceRules.some((rule) => ruleMatches(rule, identity, operation))) return false;
  if (!selectorMatches(constraints.objectSelector, labelsOf(object))) return false;
  // The apiserver applies a namespace selector to namespaced objects only (and to Namespaces themselves).
  if (identity.kind === 'Namespace') return selectorMatches(constraints.namespaceSelector, labelsOf(object));
  if (identity.namespace === '') return true;
  return selectorMatches(constraints.namespaceSelector, labelsOf(namespaceObject));
}

/**
 * The pod a controller would create, for Kyverno autogen: the pod template's metadata and spec,
 * under the controller's name and namespace. Undefined for objects that are not pod controllers.
 */
export function podFromController(object: KubeObject): KubeObject | undefined {
  const spec = (object.spec as Record<string, unknown> | undefined) ?? {};
  const template =
    object.kind === 'CronJob'
      ? ((spec.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec?.template as
          | Record<string, unknown>
          | undefined)
      : (spec.template as Record<string, unknown> | undefined);
  if (!template || typeof template !== 'object') return undefined;
  const identity = identify(object);
  const templateMetadata = (template.metadata as Record<string, unknown> | undefined) ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...templateMetadata, name: identity.name, namespace: identity.namespace },
    spec: template.spec ?? {},
  };
}
