/**
 * Config objects as `cairn config diff` compares them: one entry per named object of a kind, with
 * a digest per top-level field. The server describes what runs and the CLI describes a working
 * tree with the same loaders and these same functions, so equal files give equal digests. Digests
 * (not values) cross the API: an action's settings may hold what a read token should not see.
 */
import { createHash } from 'node:crypto';
import type { ActionDefinition } from '../actions/index.ts';
import type { CatalogEntity } from '../catalog/index.ts';
import type { PolicySet, Scorecard } from '../policy/index.ts';
import type { Runbook } from '../runbooks/index.ts';
import { type LoadedTemplate, templateFilesDigest } from '../templates/index.ts';
import type { DescribedObject } from './contract.ts';

/** Where an object sits (and a template's copy on disk): not what it says, so never compared. */
const PLACE_FIELDS = new Set(['file', 'line', 'dir']);

/** JSON with sorted keys and no `line` at any depth: a line moving is not a change of the object. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, field]) => key !== 'line' && field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => [key, canonical(field)]),
  );
}

/** A digest per top-level field of `value`, its place (file, line) left out. */
export function fieldDigests(value: object): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (PLACE_FIELDS.has(key) || field === undefined) continue;
    fields[key] = createHash('sha256')
      .update(JSON.stringify(canonical(field)) ?? 'undefined')
      .digest('hex')
      .slice(0, 16);
  }
  return fields;
}

/**
 * How a catalog entity is named among config objects: `component:payment`, with the namespace
 * only when it is not `default` (`component:billing/invoice`).
 */
export function catalogObjectName(entity: Pick<CatalogEntity, 'kind' | 'namespace' | 'name'>): string {
  const namespace = entity.namespace === 'default' ? '' : `${entity.namespace}/`;
  return `${entity.kind.toLowerCase()}:${namespace}${entity.name}`;
}

/** `spec` keys the catalog lifts into fields of their own: a change names the field, not `spec` too. */
const LIFTED_SPEC_KEYS = new Set(['type', 'lifecycle', 'owner', 'system', 'dependsOn']);

/** A digest per field of a catalog entity; `spec` holds only what no field of its own shows. */
export function catalogFieldDigests(entity: CatalogEntity): Record<string, string> {
  const spec = Object.fromEntries(Object.entries(entity.spec).filter(([key]) => !LIFTED_SPEC_KEYS.has(key)));
  return fieldDigests({ ...entity, spec });
}

export function describeCatalogEntities(entities: readonly CatalogEntity[]): DescribedObject[] {
  return entities.map((entity) => ({
    name: catalogObjectName(entity),
    fields: catalogFieldDigests(entity),
    file: entity.file,
    line: entity.line,
  }));
}

export function describeActions(actions: readonly ActionDefinition[]): DescribedObject[] {
  return actions.map((action) => ({
    name: action.id,
    fields: fieldDigests(action),
    file: action.file,
    line: action.line,
  }));
}

export function describeRunbooks(runbooks: readonly Runbook[]): DescribedObject[] {
  return runbooks.map((runbook) => ({
    name: runbook.id,
    fields: fieldDigests(runbook),
    file: runbook.file,
    line: 1,
  }));
}

/**
 * Templates by name; `origins` (name → file in the source) names the file, since a git commit's
 * templates are read from a copy of their files. `files` covers the skeleton and the other files
 * beside the template.yaml.
 */
export function describeTemplates(read: {
  templates: readonly LoadedTemplate[];
  origins: ReadonlyMap<string, string>;
}): DescribedObject[] {
  return read.templates.map((template) => ({
    name: template.name,
    fields: fieldDigests({ ...template, files: templateFilesDigest(template.dir) }),
    file: read.origins.get(template.name) ?? template.file,
    line: 1,
  }));
}

/**
 * Policies by their name; bindings, exceptions and scorecards prefixed with what they are
 * (`binding:…`, `exception:…`, `scorecard:…`). Only a policy knows its file.
 */
export function describePolicies(read: {
  policySet: PolicySet;
  scorecards: readonly Scorecard[];
  origins: ReadonlyMap<string, { file: string; line: number }>;
}): DescribedObject[] {
  const unplaced = (prefix: string, items: ReadonlyArray<{ name: string }>) =>
    items.map((item) => ({
      name: `${prefix}:${item.name}`,
      fields: fieldDigests(item),
      file: null,
      line: null,
    }));
  return [
    ...read.policySet.policies.map((policy) => {
      const origin = read.origins.get(policy.name);
      return {
        name: policy.name,
        fields: fieldDigests(policy),
        file: origin?.file ?? null,
        line: origin?.line ?? null,
      };
    }),
    ...unplaced('binding', read.policySet.bindings),
    ...unplaced('exception', read.policySet.exceptions),
    ...unplaced('scorecard', read.scorecards),
  ];
}
