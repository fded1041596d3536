/**
 * The filters Backstage's scaffolder adds to Nunjucks (`parseRepoUrl`, `parseEntityRef`, `pick`,
 * `projectSlug`), with the same inputs, outputs and error messages, so templates written for
 * Backstage render the same values here.
 */
import { InputError } from '../../../kernel/errors.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A RepoUrlPicker value (`github.com?owner=o&repo=r`) split into its parts. */
export interface RepoSpec {
  host: string;
  owner?: string;
  repo: string;
  organization?: string;
  workspace?: string;
  project?: string;
}

/**
 * Parses the RepoUrlPicker format. Backstage looks the host up in its SCM integrations to decide
 * which parameters are required; Cairn has no integration registry, so every host is treated as
 * GitHub-like (owner and repo required), except that a `project` may replace the owner (GitLab).
 */
export function parseRepoUrl(repoUrl: string): RepoSpec {
  let parsed: URL;
  try {
    parsed = new URL(`https://${repoUrl}`);
  } catch (error) {
    throw new InputError(`Invalid repo URL passed to publisher, got ${repoUrl}, ${String(error)}`);
  }
  const param = (name: string) => parsed.searchParams.get(name) ?? undefined;
  const spec: RepoSpec = {
    host: parsed.host,
    owner: param('owner'),
    repo: param('repo') ?? '',
    organization: param('organization'),
    workspace: param('workspace'),
    project: param('project'),
  };
  const required = spec.project ? ['repo'] : ['repo', 'owner'];
  for (const name of required) {
    if (!parsed.searchParams.get(name)) {
      throw new InputError(`Invalid repo URL passed to publisher: ${repoUrl}, missing ${name}`);
    }
  }
  return spec;
}

export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** `[<kind>:][<namespace>/]<name>` with Backstage's defaults (namespace `default`). */
export function parseEntityRef(
  ref: unknown,
  context?: { defaultKind?: string; defaultNamespace?: string },
): EntityRef {
  if (!ref) throw new Error('Entity reference must not be empty');
  const defaultNamespace = context?.defaultNamespace || 'default';
  let kind: string | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  if (typeof ref === 'string') {
    let colon = ref.indexOf(':');
    const slash = ref.indexOf('/');
    // A slash before the colon means the colon belongs to the name.
    if (slash !== -1 && slash < colon) colon = -1;
    const parsedKind = colon === -1 ? undefined : ref.slice(0, colon);
    const parsedNamespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
    name = ref.slice(Math.max(colon + 1, slash + 1));
    if (parsedKind === '' || parsedNamespace === '' || !name) {
      throw new TypeError(`Entity reference "${ref}" was not on the form [<kind>:][<namespace>/]<name>`);
    }
    kind = parsedKind ?? context?.defaultKind;
    namespace = parsedNamespace ?? defaultNamespace;
  } else if (typeof ref === 'object') {
    const compound = ref as Record<string, unknown>; // checked field by field below
    kind = typeof compound.kind === 'string' ? compound.kind : context?.defaultKind;
    namespace = typeof compound.namespace === 'string' ? compound.namespace : defaultNamespace;
    name = typeof compound.name === 'string' ? compound.name : undefined;
  }
  const textual = JSON.stringify(ref);
  if (!kind) {
    throw new Error(
      `Entity reference ${textual} had missing or empty kind (e.g. did not start with "component:" or similar)`,
    );
  }
  if (!namespace) throw new Error(`Entity reference ${textual} had missing or empty namespace`);
  if (!name) throw new Error(`Entity reference ${textual} had missing or empty name`);
  return { kind, namespace, name };
}

/** lodash `get`: a dotted path with `[n]` indexes. */
export function pick(value: unknown, path: unknown): unknown {
  if (typeof path !== 'string') return undefined;
  const keys = path
    .replace(/\[(\w+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key]; // walking untyped JSON, guarded above
  }
  return current;
}

export function projectSlug(repoUrl: string): string {
  const { owner, repo } = parseRepoUrl(repoUrl);
  return `${owner}/${repo}`;
}

/** The scaffolder's filters by name; the engine adds Nunjucks' own built-ins beside them. */
export const scaffolderFilters: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  parseRepoUrl: (url) => parseRepoUrl(String(url)),
  parseEntityRef: (ref, context) =>
    parseEntityRef(ref, (context ?? undefined) as { defaultKind?: string; defaultNamespace?: string }),
  pick: (obj, key) => pick(obj, key),
  projectSlug: (url) => projectSlug(String(url)),
};
