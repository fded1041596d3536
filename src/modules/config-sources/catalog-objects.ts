/**
 * The catalog's entities as config objects: the catalog syncs its own sources (catalog.sources),
 * so what runs is read from its store, and each entity links to its descriptor like the objects
 * of the config reconciler do.
 */
import { posix } from 'node:path';
import {
  type CatalogEntity,
  type CatalogSourceConfig,
  type CatalogStore,
  catalogSourceId,
  catalogSourceLabel,
} from '../catalog/index.ts';
import { catalogFieldDigests, catalogObjectName } from './config-objects.ts';
import type { ConfigObject, ManagedBy } from './contract.ts';
import { forgeFileUrl } from './managed-by.ts';

export interface CatalogObjectsDeps {
  store: Pick<CatalogStore, 'listEntitiesWithSource' | 'listSources'>;
  /** The configured sources; a template's registered repositories are not settings and are left out. */
  sources: readonly CatalogSourceConfig[];
}

const ALL_KINDS = ['Component', 'System', 'Domain', 'API', 'Resource', 'Group', 'User'] as const;

/** Where an entity's descriptor is, relative to its repository (or directory) root. */
function managedByOf(source: CatalogSourceConfig, revision: string | null, entity: CatalogEntity): ManagedBy {
  if (source.type === 'dir') {
    return { source: catalogSourceLabel(source), path: entity.file, line: entity.line, url: null };
  }
  // A source naming one YAML file reads it by its base name; its path in the repository is the source's.
  const single = source.path !== undefined && /\.ya?ml$/i.test(source.path);
  const path = single ? (source.path ?? entity.file) : posix.join(source.path ?? '', entity.file);
  return {
    source: catalogSourceLabel(source),
    path,
    line: entity.line,
    url: revision ? forgeFileUrl(source.url, revision, path, entity.line) : null,
  };
}

/**
 * The entities the configured catalog sources declare, as `cairn config diff` compares them and
 * with a link to each descriptor, by name. Two sources declaring one entity: the first wins.
 */
export async function listCatalogObjects(deps: CatalogObjectsDeps): Promise<ConfigObject[]> {
  const byId = new Map(deps.sources.map((source, index) => [catalogSourceId(source), { source, index }]));
  const revisions = new Map((await deps.store.listSources()).map((row) => [row.id, row.revision]));
  const rows = (await deps.store.listEntitiesWithSource([...ALL_KINDS]))
    .flatMap(({ sourceId, entity }) => {
      const configured = byId.get(sourceId);
      return configured ? [{ ...configured, entity }] : [];
    })
    .sort((a, b) => a.index - b.index);
  const objects = new Map<string, ConfigObject>();
  for (const { source, entity } of rows) {
    const name = catalogObjectName(entity);
    if (objects.has(name)) continue;
    objects.set(name, {
      kind: 'catalog',
      name,
      fields: catalogFieldDigests(entity),
      managedBy: managedByOf(source, revisions.get(catalogSourceId(source)) ?? null, entity),
    });
  }
  return [...objects.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
