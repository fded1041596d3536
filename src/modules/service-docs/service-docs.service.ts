import { readFile } from 'node:fs/promises';
import { extname, posix, resolve } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import { CairnError, describeError, InputError, NotFoundError } from '../../kernel/errors.ts';
import type { CatalogEntity } from '../catalog/index.ts';
import {
  type DocsPage,
  type DocsSearchHit,
  type DocsSearchQuery,
  type ServiceDocs,
  TECHDOCS_REF,
} from './contract.ts';
import { flattenNav } from './docs-nav.ts';
import { type SearchDocument, searchDocuments } from './docs-search.ts';
import { type DocsSite, IMAGE_TYPES, loadDocsSite } from './docs-site.ts';
import { isWithin, resolveInside } from './safe-path.ts';

export interface ServiceDocsDeps {
  /** Catalog Components with the source each was read from (the catalog store). */
  components(): Promise<Array<{ sourceId: string; entity: CatalogEntity }>>;
  /** Where a catalog source's files are on this machine (the catalog sync); null before its first read. */
  sourceRoot(sourceId: string): string | null;
  /** Runbooks to search beside the docs: id, title and their words. */
  runbooks(): Array<{ id: string; title: string; text: string }>;
  clock: Clock;
}

/** How long a read docs site is reused: edits (and git syncs) show up within this. */
const CACHE_MS = 5_000;

/**
 * Service docs as TechDocs' `backstage.io/techdocs-ref: dir:<path>` declares them, read from the
 * catalog source the service came from, rendered to sanitised HTML, and searched with runbooks.
 */
export function createServiceDocsService(deps: ServiceDocsDeps) {
  const cache = new Map<string, { at: number; site: Promise<DocsSite> }>();

  /** The service's docs site; NotFoundError saying why when it has none Cairn can read. */
  async function siteOf(name: string): Promise<DocsSite> {
    const now = deps.clock.now().getTime();
    const cached = cache.get(name);
    if (cached && now - cached.at < CACHE_MS) return cached.site;
    const site = readSite(name);
    cache.set(name, { at: now, site });
    // A failure is not kept: the next request reads again.
    site.catch(() => cache.delete(name));
    return site;
  }

  async function readSite(name: string): Promise<DocsSite> {
    const located = (await deps.components()).find((candidate) => candidate.entity.name === name);
    if (!located) throw new NotFoundError(`service "${name}" is not in the catalog`);
    const ref = located.entity.annotations[TECHDOCS_REF];
    if (ref === undefined)
      throw new NotFoundError(
        `service "${name}" has no docs: its catalog entry has no ${TECHDOCS_REF} annotation`,
      );
    if (!ref.startsWith('dir:'))
      throw new NotFoundError(
        `service "${name}" has no docs Cairn can read: ${TECHDOCS_REF} "${ref}" is not a dir: reference`,
      );
    const sourceRoot = deps.sourceRoot(located.sourceId);
    if (!sourceRoot)
      throw new NotFoundError(`service "${name}" has no docs yet: its catalog source has not been read`);
    const siteDir = posix.normalize(
      posix.join(posix.dirname(located.entity.file), ref.slice('dir:'.length).trim() || '.'),
    );
    if (!isWithin(sourceRoot, resolve(sourceRoot, siteDir)))
      throw new NotFoundError(
        `service "${name}" has no docs Cairn can read: ${TECHDOCS_REF} "${ref}" leads outside its catalog source (${located.entity.file})`,
      );
    const base = `/services/${encodeURIComponent(name)}`;
    try {
      return await loadDocsSite({
        sourceRoot,
        siteDir,
        pageHref: (page, fragment) =>
          `${base}?tab=docs&page=${encodeURIComponent(page)}${fragment ? `#${fragment}` : ''}`,
        assetHref: (path) => `/api/v1${base}/docs/assets/${encodeURIComponent(path)}`,
      });
    } catch (error) {
      // The catalog's own paths are not the caller's input: whatever stops them is "no docs", said plainly.
      const reason = error instanceof CairnError ? error.message : describeError(error);
      throw new NotFoundError(`service "${name}" has no readable docs (${located.entity.file}): ${reason}`);
    }
  }

  return {
    async describe(name: string): Promise<ServiceDocs> {
      const site = await siteOf(name);
      if (site.pages.size === 0)
        throw new NotFoundError(`service "${name}" has no Markdown pages in its docs folder`);
      return {
        service: name,
        siteName: site.siteName ?? name,
        home: site.home,
        nav: flattenNav(site.nav),
        pages: [...site.pages]
          .map(([path, page]) => ({ path, title: page.title }))
          .sort((a, b) => a.path.localeCompare(b.path)),
        problems: site.problems,
      };
    },

    async page(name: string, path: string): Promise<DocsPage> {
      const wanted = checkedPath(path);
      const site = await siteOf(name);
      const page = site.pages.get(wanted);
      if (!page)
        throw new NotFoundError(
          `service "${name}" has no docs page "${wanted}"; its pages: ${[...site.pages.keys()].sort().join(', ') || 'none'}`,
        );
      return { service: name, path: wanted, title: page.title, html: page.html };
    },

    async asset(name: string, path: string): Promise<{ contentType: string; body: Buffer }> {
      const wanted = checkedPath(path);
      const contentType = IMAGE_TYPES[extname(wanted).toLowerCase()];
      if (!contentType)
        throw new InputError(
          `path: "${wanted}" is not an image (${Object.keys(IMAGE_TYPES).join(', ')})`,
          'path',
        );
      const site = await siteOf(name);
      if (!site.images.has(wanted))
        throw new NotFoundError(`service "${name}" has no docs image "${wanted}"`);
      // Resolved again at read time: the folder may have changed since it was listed.
      return { contentType, body: await readFile(await resolveInside(site.docsRoot, wanted, 'path')) };
    },

    async search(query: DocsSearchQuery): Promise<DocsSearchHit[]> {
      const documents: SearchDocument[] = [];
      const seen = new Set<string>();
      for (const { entity } of await deps.components()) {
        if (seen.has(entity.name) || entity.annotations[TECHDOCS_REF] === undefined) continue;
        seen.add(entity.name);
        // A service whose docs cannot be read has nothing to find; its own page says why.
        const site = await siteOf(entity.name).catch(() => null);
        for (const [path, page] of site?.pages ?? []) {
          documents.push({
            hit: {
              kind: 'doc',
              title: page.title,
              service: entity.name,
              page: path,
              runbook: null,
              link: `/services/${encodeURIComponent(entity.name)}?tab=docs&page=${encodeURIComponent(path)}`,
            },
            text: page.text,
          });
        }
      }
      for (const runbook of deps.runbooks()) {
        documents.push({
          hit: {
            kind: 'runbook',
            title: runbook.title,
            service: null,
            page: null,
            runbook: runbook.id,
            link: `/runbooks/${encodeURIComponent(runbook.id)}`,
          },
          text: runbook.text,
        });
      }
      return searchDocuments(documents, query.q, query.limit);
    },
  };
}

export type ServiceDocsService = ReturnType<typeof createServiceDocsService>;

/** A docs-relative path from the request: `/`-separated, no `..`, no leading `/`. */
function checkedPath(path: string): string {
  if (path.includes('\0') || path.includes('\\') || path.startsWith('/'))
    throw new InputError(`path: "${path}" must be relative to the docs folder, with / separators`, 'path');
  const normal = posix.normalize(path);
  if (normal === '..' || normal.startsWith('../') || path.split('/').includes('..'))
    throw new InputError(`path: "${path}" leads outside the docs folder`, 'path');
  return normal;
}
