import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { lineAtPath } from '../../kernel/yaml-lines.ts';
import {
  ANNOTATION_CHECKS,
  ENTITY_KINDS,
  type EntityKind,
  MetadataSchema,
  SKIPPED_KINDS,
  SPEC_SCHEMAS,
} from './entity-schema.ts';

/** One entity read from a descriptor file, normalised for Cairn. */
export interface CatalogEntity {
  /** `kind:namespace/name`, lower case: Backstage's entity reference. */
  ref: string;
  kind: EntityKind;
  namespace: string;
  name: string;
  title: string | null;
  description: string | null;
  type: string | null;
  lifecycle: string | null;
  /** Owner's name (the group or user), without kind and namespace. */
  owner: string | null;
  system: string | null;
  /** Full references (`component:default/payment`). */
  dependsOn: string[];
  links: Array<{ url: string; title: string | null }>;
  tags: string[];
  annotations: Record<string, string>;
  spec: Record<string, unknown>;
  file: string;
  line: number;
}

/** Something wrong in a file, at a line. */
export interface CatalogProblem {
  file: string;
  line: number | null;
  message: string;
}

export interface ParsedFile {
  entities: CatalogEntity[];
  problems: CatalogProblem[];
}

/**
 * Parses one descriptor file (any number of YAML documents). Documents whose apiVersion is not
 * `backstage.io/…` are not catalog entities (CI workflows, Kubernetes manifests) and are skipped;
 * a bad entity is reported with its line and does not stop the others.
 */
export function parseCatalogFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const entities: CatalogEntity[] = [];
  const problems: CatalogProblem[] = [];
  const docs = Array.isArray(documents) ? documents : [];
  for (const document of docs) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const line = lineCounter.linePos(error.pos[0]).line;
        problems.push({ file, line, message: `invalid YAML: ${error.message.split('\n')[0]}` });
      }
      continue;
    }
    if (document.contents === null) continue;
    const result = parseDocument(file, document, lineCounter);
    if (result === null) continue;
    if ('problems' in result) problems.push(...result.problems);
    else entities.push(result.entity);
  }
  return { entities, problems };
}

function parseDocument(
  file: string,
  document: Document,
  lineCounter: LineCounter,
): { entity: CatalogEntity } | { problems: CatalogProblem[] } | null {
  const at = (path: Array<string | number>) => ({ file, line: lineAtPath(document, lineCounter, path) });
  const value: unknown = document.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problems: [{ ...at([]), message: 'a catalog document must be a mapping (apiVersion, kind, …)' }],
    };
  }
  // Checked just above: a plain mapping of keys.
  const raw = value as Record<string, unknown>;
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : '';
  const kind = typeof raw.kind === 'string' ? raw.kind : '';
  const isKnownKind = (ENTITY_KINDS as readonly string[]).includes(kind);
  if (!apiVersion.startsWith('backstage.io/')) {
    if (!isKnownKind) return null;
    return {
      problems: [
        {
          ...at(['apiVersion']),
          message: `apiVersion: must be backstage.io/v1alpha1 (or v1beta1) for a ${kind}, got "${apiVersion}"`,
        },
      ],
    };
  }
  if ((SKIPPED_KINDS as readonly string[]).includes(kind)) return null;
  if (!isKnownKind) {
    return {
      problems: [
        {
          ...at(['kind']),
          message: `kind: "${kind}" is not a kind Cairn reads (${ENTITY_KINDS.join(', ')})`,
        },
      ],
    };
  }
  // `isKnownKind` holds, so the string is one of ENTITY_KINDS.
  const entityKind = kind as EntityKind;
  const problems: CatalogProblem[] = [];
  const issues = (prefix: string, error: z.ZodError) =>
    error.issues.map((issue) => {
      const path = [
        prefix,
        ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
      ];
      return { ...at(path), message: `${path.join('.')}: ${issue.message}` };
    });
  const metadata = MetadataSchema.safeParse(raw.metadata ?? {});
  if (!metadata.success) problems.push(...issues('metadata', metadata.error));
  const spec = SPEC_SCHEMAS[entityKind].safeParse(raw.spec ?? {});
  if (!spec.success) problems.push(...issues('spec', spec.error));
  const annotations = metadata.success ? (metadata.data.annotations ?? {}) : {};
  for (const [key, value] of Object.entries(annotations)) {
    const problem = ANNOTATION_CHECKS[key]?.(value);
    if (problem)
      problems.push({ ...at(['metadata', 'annotations', key]), message: `annotation ${key}: ${problem}` });
  }
  if (!metadata.success || !spec.success || problems.length > 0) return { problems };

  const namespace = metadata.data.namespace ?? 'default';
  const specData = spec.data;
  const str = (key: string): string | null => {
    const field = specData[key];
    return typeof field === 'string' ? field : null;
  };
  const owner = str('owner');
  const system = str('system');
  const dependsOn = Array.isArray(specData.dependsOn) ? specData.dependsOn.map(String) : [];
  return {
    entity: {
      ref: `${entityKind.toLowerCase()}:${namespace}/${metadata.data.name}`.toLowerCase(),
      kind: entityKind,
      namespace,
      name: metadata.data.name,
      title: metadata.data.title ?? null,
      description: metadata.data.description ?? null,
      type: str('type'),
      lifecycle: str('lifecycle'),
      owner: owner === null ? null : parseEntityRef(owner, 'group', namespace).name,
      system: system === null ? null : parseEntityRef(system, 'system', namespace).name,
      dependsOn: dependsOn.map((target) => formatEntityRef(parseEntityRef(target, 'component', namespace))),
      links: (metadata.data.links ?? []).map((link) => ({ url: link.url, title: link.title ?? null })),
      tags: metadata.data.tags ?? [],
      annotations,
      spec: specData,
      file,
      line: lineAtPath(document, lineCounter, []) ?? 1,
    },
  };
}

export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Reads `[kind:][namespace/]name` the way Backstage does, filling the defaults it would. */
export function parseEntityRef(value: string, defaultKind: string, defaultNamespace = 'default'): EntityRef {
  const colon = value.indexOf(':');
  const kind = colon > 0 ? value.slice(0, colon) : defaultKind;
  const rest = colon > 0 ? value.slice(colon + 1) : value;
  const slash = rest.indexOf('/');
  return {
    kind: kind.toLowerCase(),
    namespace: slash > 0 ? rest.slice(0, slash) : defaultNamespace,
    name: slash > 0 ? rest.slice(slash + 1) : rest,
  };
}

export function formatEntityRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}
