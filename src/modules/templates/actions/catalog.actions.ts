/**
 * `catalog:register` makes the new repository's catalog-info.yaml a catalog source (a git source
 * Cairn syncs like a configured one); `catalog:write` writes an entity into the workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { ActionContext, ScaffolderAction } from './action.ts';
import { stringInput } from './action.ts';
import { resolveSafeChildPath } from './workspace-paths.ts';

/** A git location Cairn's catalog reads: the repository, its branch and the descriptor file. */
export interface CatalogLocation {
  url: string;
  ref: string | null;
  path: string | null;
}

export interface CatalogRegistrar {
  /** Adds the location as a catalog source and syncs it; resolves with the entity refs it read. */
  register(
    location: CatalogLocation,
    context: { taskId: string; template: string },
  ): Promise<{ entityRefs: string[] }>;
}

/**
 * Splits `<repository>/blob|tree/<ref>/<path to catalog-info.yaml>` (what the publish actions
 * report as `repoContentsUrl` plus `catalogInfoPath`) into a git location.
 */
export function locationOf(catalogInfoUrl: string): { location: CatalogLocation; file: string } {
  const match = /^(.+?)\/(?:blob|tree)\/([^/]+)\/(.+)$/.exec(catalogInfoUrl);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new Error(
      `catalog:register: "${catalogInfoUrl}" is not <repository>/blob/<branch>/<path>; use the repoContentsUrl a publish step reports`,
    );
  }
  // The file itself, not its directory: the rest of the repository (Helm charts, CI) is not catalog.
  return { location: { url: match[1], ref: match[2], path: posix.normalize(match[3]) }, file: match[3] };
}

/** `kind:namespace/name` of every entity in a catalog-info.yaml (Backstage's ref format, kind lower-cased). */
export function entityRefsIn(yamlText: string): string[] {
  const refs: string[] = [];
  for (const document of parseAllDocuments(yamlText)) {
    const entity = document.toJS() as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    } | null;
    if (!entity || typeof entity.kind !== 'string' || typeof entity.metadata?.name !== 'string') continue;
    const namespace = typeof entity.metadata.namespace === 'string' ? entity.metadata.namespace : 'default';
    refs.push(`${entity.kind.toLowerCase()}:${namespace}/${entity.metadata.name}`);
  }
  return refs;
}

function catalogInfoUrlOf(context: { input: Record<string, unknown> }): string {
  const direct = context.input.catalogInfoUrl;
  if (typeof direct === 'string' && direct) return direct;
  const contents = context.input.repoContentsUrl;
  if (typeof contents !== 'string' || !contents) {
    throw new Error('catalog:register: input.catalogInfoUrl or input.repoContentsUrl is required');
  }
  const path =
    typeof context.input.catalogInfoPath === 'string' ? context.input.catalogInfoPath : '/catalog-info.yaml';
  return `${contents.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** The workspace's copy of the registered file, when the task wrote it (the usual case). */
function workspaceEntityRefs(workspacePath: string, file: string): string[] {
  try {
    const path = resolveSafeChildPath(workspacePath, file);
    return existsSync(path) ? entityRefsIn(readFileSync(path, 'utf8')) : [];
  } catch {
    return [];
  }
}

export function createCatalogRegisterAction(registrar: CatalogRegistrar | null): ScaffolderAction {
  return {
    id: 'catalog:register',
    description: "Adds the new repository's catalog-info.yaml to the catalog as a source",
    supportsDryRun: false,
    exampleOutput: async (input, workspacePath) => {
      try {
        const url = catalogInfoUrlOf({ input });
        const refs = workspaceEntityRefs(workspacePath, locationOf(url).file);
        return { entityRef: refs[0] ?? 'component:default/example', catalogInfoUrl: url };
      } catch {
        return { entityRef: 'component:default/example', catalogInfoUrl: '' };
      }
    },
    async handler(context: ActionContext) {
      if (!registrar) throw new Error('catalog:register: the catalog is not available here');
      const url = catalogInfoUrlOf(context);
      const { location, file } = locationOf(url);
      const result = await registrar.register(location, {
        taskId: context.taskId,
        template: context.templateName,
      });
      // The registrar may not say which entities the file holds; the task's own copy does.
      const refs =
        result.entityRefs.length > 0 ? result.entityRefs : workspaceEntityRefs(context.workspacePath, file);
      const entityRef = refs[0];
      if (!entityRef && context.input.optional !== true) {
        throw new Error(`catalog:register: no entity found in ${url}`);
      }
      context.log(`Registered ${url} in the catalog: ${refs.join(', ') || 'no entities'}`);
      context.output('catalogInfoUrl', url);
      if (entityRef) context.output('entityRef', entityRef);
    },
  };
}

export const catalogWriteAction: ScaffolderAction = {
  id: 'catalog:write',
  description: 'Writes an entity as catalog-info.yaml (or filePath) into the workspace',
  supportsDryRun: true,
  async handler(context) {
    const filePath = stringInput(context, 'catalog:write', 'filePath') ?? 'catalog-info.yaml';
    const entity = context.input.entity;
    if (!entity || typeof entity !== 'object')
      throw new Error('catalog:write: input.entity must be an object');
    const path = resolveSafeChildPath(context.workspacePath, filePath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, stringify(entity));
    context.log(`Writing ${filePath}`);
  },
};
