/**
 * Reads policy documents as they are written — Kyverno `ValidatingPolicy`
 * (policies.kyverno.io/v1alpha1, v1beta1, v1), Kubernetes `ValidatingAdmissionPolicy` and its
 * Binding (admissionregistration.k8s.io/v1), Kyverno-style `PolicyException` — into one model the
 * evaluator runs. Unknown documents in the same file (the resources under test) are returned apart.
 */
import { InputError } from '../../kernel/errors.ts';

export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames?: string[];
}

export interface MatchConstraints {
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

export interface NamedExpression {
  name: string;
  expression: string;
}

export interface Validation {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
}

/** One policy, whichever format it was written in. */
export interface CelPolicy {
  name: string;
  format: 'kyverno' | 'kubernetes' | 'terraform';
  validationActions: ValidationAction[];
  matchConstraints: MatchConstraints;
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
  validations: Validation[];
  /** Pod controller kinds whose pod template is checked as a pod (Kyverno autogen). */
  autogenControllers: string[];
  failurePolicy: 'Fail' | 'Ignore';
  annotations: Record<string, string>;
}

/** A ValidatingAdmissionPolicyBinding: which actions apply and where. */
export interface PolicyBinding {
  name: string;
  policyName: string;
  validationActions: ValidationAction[];
  matchResources?: MatchConstraints;
}

/** Lets named resources through named policies, for a reason, until it expires. */
export interface PolicyException {
  name: string;
  policyNames: string[];
  /** `kind/namespace/name` patterns with `*` wildcards; empty means every resource. */
  resources: string[];
  matchConditions: NamedExpression[];
  reason: string;
  /** ISO timestamp; past it the exception stops applying. */
  expiresAt?: string;
}

export interface PolicySet {
  policies: CelPolicy[];
  bindings: PolicyBinding[];
  exceptions: PolicyException[];
}

/** Kinds whose pod template Kyverno checks as a pod when the policy matches pods. */
export const podControllerKinds = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asStrings = (value: unknown): string[] => asArray(value).map(String);
const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** True for the document kinds this module reads as policy rather than as a resource. */
export function isPolicyDocument(doc: unknown): boolean {
  const { apiVersion, kind } = asObject(doc);
  if (typeof apiVersion !== 'string') return false;
  const group = apiVersion.split('/')[0];
  if (group === 'policies.kyverno.io') return kind === 'ValidatingPolicy' || kind === 'PolicyException';
  if (group === 'admissionregistration.k8s.io') {
    return kind === 'ValidatingAdmissionPolicy' || kind === 'ValidatingAdmissionPolicyBinding';
  }
  return group === 'cairn.dev' && (kind === 'PolicyException' || kind === 'TerraformPolicy');
}

function readActions(value: unknown, where: string): ValidationAction[] {
  const actions = asStrings(value);
  for (const action of actions) {
    if (action !== 'Deny' && action !== 'Warn' && action !== 'Audit') {
      throw new InputError(
        `${where}: validationActions has '${action}'; expected Deny, Warn or Audit`,
        where,
      );
    }
  }
  return actions as ValidationAction[];
}

function readRules(value: unknown): ResourceRule[] {
  return asArray(value).map((raw) => {
    const rule = asObject(raw);
    return {
      apiGroups: asStrings(rule.apiGroups),
      apiVersions: asStrings(rule.apiVersions),
      resources: asStrings(rule.resources),
      operations: asStrings(rule.operations),
      ...(Array.isArray(rule.resourceNames) ? { resourceNames: asStrings(rule.resourceNames) } : {}),
    };
  });
}

function readSelector(value: unknown): LabelSelector | undefined {
  if (value === undefined || value === null) return undefined;
  const selector = asObject(value);
  return {
    matchLabels: Object.fromEntries(
      Object.entries(asObject(selector.matchLabels)).map(([k, v]) => [k, String(v)]),
    ),
    matchExpressions: asArray(selector.matchExpressions).map((raw) => {
      const requirement = asObject(raw);
      return {
        key: String(requirement.key),
        operator: String(requirement.operator) as LabelSelectorRequirement['operator'],
        values: asStrings(requirement.values),
      };
    }),
  };
}

function readMatch(value: unknown): MatchConstraints {
  const match = asObject(value);
  const namespaceSelector = readSelector(match.namespaceSelector);
  const objectSelector = readSelector(match.objectSelector);
  return {
    resourceRules: readRules(match.resourceRules),
    excludeResourceRules: readRules(match.excludeResourceRules),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    ...(objectSelector ? { objectSelector } : {}),
  };
}

function readNamed(value: unknown, where: string): NamedExpression[] {
  return asArray(value).map((raw, i) => {
    const item = asObject(raw);
    if (typeof item.expression !== 'string')
      throw new InputError(`${where}[${i}].expression must be a string`, where);
    return { name: String(item.name ?? `#${i}`), expression: item.expression };
  });
}

function readValidations(value: unknown, where: string): Validation[] {
  return asArray(value).map((raw, i) => {
    const item = asObject(raw);
    if (typeof item.expression !== 'string') {
      throw new InputError(`${where}.validations[${i}].expression must be a string`, `${where}.validations`);
    }
    const validation: Validation = { expression: item.expression };
    const message = optionalString(item.message);
    const messageExpression = optionalString(item.messageExpression);
    const reason = optionalString(item.reason);
    if (message !== undefined) validation.message = message.trim();
    if (messageExpression !== undefined) validation.messageExpression = messageExpression;
    if (reason !== undefined) validation.reason = reason;
    return validation;
  });
}

function readAutogen(spec: Json, annotations: Record<string, string>, matchesPods: boolean): string[] {
  const configured = asObject(asObject(spec.autogen).podControllers).controllers;
  const annotation = annotations['pod-policies.kyverno.io/autogen-controllers'];
  if (annotation === 'none') return [];
  if (Array.isArray(configured)) return asStrings(configured);
  if (annotation) return annotation.split(',').map((kind) => kind.trim());
  return matchesPods ? [...podControllerKinds] : [];
}

function readPolicy(doc: Json, where: string): CelPolicy {
  const metadata = asObject(doc.metadata);
  const spec = asObject(doc.spec);
  const name = optionalString(metadata.name);
  if (!name) throw new InputError(`${where}: metadata.name is required`, 'metadata.name');
  const annotations = Object.fromEntries(
    Object.entries(asObject(metadata.annotations)).map(([k, v]) => [k, String(v)]),
  );
  const matchConstraints = readMatch(spec.matchConstraints);
  const isKyverno = doc.kind === 'ValidatingPolicy';
  const matchesPods = matchConstraints.resourceRules.some(
    (rule) =>
      rule.resources.includes('pods') && (rule.apiGroups.includes('') || rule.apiGroups.includes('*')),
  );
  return {
    name,
    format: isKyverno ? 'kyverno' : 'kubernetes',
    // Kyverno's default action is Deny; a Kubernetes policy gets its actions from its bindings.
    validationActions: isKyverno ? readActions(spec.validationActions ?? ['Deny'], where) : [],
    matchConstraints,
    matchConditions: readNamed(spec.matchConditions, `${where}.matchConditions`),
    variables: readNamed(spec.variables, `${where}.variables`),
    validations: readValidations(spec.validations, where),
    autogenControllers: isKyverno ? readAutogen(spec, annotations, matchesPods) : [],
    failurePolicy: spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    annotations,
  };
}

/** The pseudo-resource a Terraform resource change is checked as (see terraform-plan.ts). */
export const terraformChangeRule: ResourceRule = {
  apiGroups: ['terraform.cairn.dev'],
  apiVersions: ['v1'],
  resources: ['resourcechanges'],
  operations: ['*'],
};

/**
 * A Cairn `TerraformPolicy`: validations over one `resource_changes` entry (`object`), limited to
 * `spec.resourceTypes` and to the changes whose actions are in `spec.actions` (default create, update).
 */
function readTerraformPolicy(doc: Json, where: string): CelPolicy {
  const metadata = asObject(doc.metadata);
  const spec = asObject(doc.spec);
  const name = optionalString(metadata.name);
  if (!name) throw new InputError(`${where}: metadata.name is required`, 'metadata.name');
  const types = asStrings(spec.resourceTypes);
  const actions = Array.isArray(spec.actions) ? asStrings(spec.actions) : ['create', 'update'];
  const conditions: NamedExpression[] = [
    { name: 'actions', expression: `object.change.actions.exists(a, a in ${JSON.stringify(actions)})` },
  ];
  if (types.length > 0)
    conditions.push({ name: 'resourceTypes', expression: `object.type in ${JSON.stringify(types)}` });
  return {
    name,
    format: 'terraform',
    validationActions: readActions(spec.validationActions ?? ['Deny'], where),
    matchConstraints: { resourceRules: [terraformChangeRule], excludeResourceRules: [] },
    matchConditions: [...conditions, ...readNamed(spec.matchConditions, `${where}.matchConditions`)],
    variables: readNamed(spec.variables, `${where}.variables`),
    validations: readValidations(spec.validations, where),
    autogenControllers: [],
    failurePolicy: 'Fail',
    annotations: Object.fromEntries(
      Object.entries(asObject(metadata.annotations)).map(([k, v]) => [k, String(v)]),
    ),
  };
}

function readBinding(doc: Json, where: string): PolicyBinding {
  const metadata = asObject(doc.metadata);
  const spec = asObject(doc.spec);
  const policyName = optionalString(spec.policyName);
  if (!policyName) throw new InputError(`${where}: spec.policyName is required`, 'spec.policyName');
  const binding: PolicyBinding = {
    name: String(metadata.name ?? policyName),
    policyName,
    validationActions: readActions(spec.validationActions ?? ['Deny'], where),
  };
  if (spec.matchResources) binding.matchResources = readMatch(spec.matchResources);
  return binding;
}

function readException(doc: Json, where: string): PolicyException {
  const metadata = asObject(doc.metadata);
  const spec = asObject(doc.spec);
  const policyNames = asArray(spec.policyRefs).map((ref) => String(asObject(ref).name));
  if (policyNames.length === 0)
    throw new InputError(`${where}: spec.policyRefs names no policy`, 'spec.policyRefs');
  const expiresAt = optionalString(spec.expiresAt);
  if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
    throw new InputError(`${where}: spec.expiresAt '${expiresAt}' is not an RFC 3339 time`, 'spec.expiresAt');
  }
  return {
    name: String(metadata.name ?? 'exception'),
    policyNames,
    resources: asStrings(spec.resources),
    matchConditions: readNamed(spec.matchConditions, `${where}.matchConditions`),
    reason: String(spec.reason ?? asObject(metadata.annotations)['policies.kyverno.io/reason'] ?? ''),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** Reads the policy documents among `docs` (parsed YAML); `source` names the file in errors. */
export function readPolicySet(docs: unknown[], source: string): PolicySet {
  const set: PolicySet = { policies: [], bindings: [], exceptions: [] };
  docs.forEach((raw, index) => {
    if (!isPolicyDocument(raw)) return;
    const doc = asObject(raw);
    const where = `${source} document ${index + 1} (${String(doc.kind)})`;
    if (doc.kind === 'ValidatingPolicy' || doc.kind === 'ValidatingAdmissionPolicy') {
      set.policies.push(readPolicy(doc, where));
    } else if (doc.kind === 'TerraformPolicy') {
      set.policies.push(readTerraformPolicy(doc, where));
    } else if (doc.kind === 'ValidatingAdmissionPolicyBinding') {
      set.bindings.push(readBinding(doc, where));
    } else {
      set.exceptions.push(readException(doc, where));
    }
  });
  return set;
}

/** Joins policy sets read from several files. */
export function mergePolicySets(sets: PolicySet[]): PolicySet {
  return {
    policies: sets.flatMap((s) => s.policies),
    bindings: sets.flatMap((s) => s.bindings),
    exceptions: sets.flatMap((s) => s.exceptions),
  };
}
