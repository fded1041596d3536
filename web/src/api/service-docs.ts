/**
 * The service docs API as the portal uses it: response types from the service-docs module's zod
 * contract (type-only) and the requests, through the shared query cache.
 */
import type { z } from 'zod';
import type {
  DocsNavEntry,
  DocsPage,
  DocsSearchHit,
  DocsSearchResultSchema,
  ServiceDocs,
} from '../../../src/modules/service-docs/contract.ts';
import { withQuery } from '../lib/query-string.ts';
import { useApiQuery } from './queries.ts';

export type { DocsNavEntry, DocsPage, DocsSearchHit, ServiceDocs };
/** `GET /api/v1/docs/search`. */
export type DocsSearchResult = z.infer<typeof DocsSearchResultSchema>;

const docsPath = (service: string) => `/api/v1/services/${encodeURIComponent(service)}/docs`;

/** A service's docs: site name, navigation, pages (404 when it has none, saying why). */
export function useServiceDocs(service: string) {
  return useApiQuery<ServiceDocs>(docsPath(service));
}

/** One page rendered to sanitised HTML; nothing is asked until the page is known. */
export function useDocsPage(service: string, page: string | null) {
  return useApiQuery<DocsPage>(
    page === null ? null : `${docsPath(service)}/pages/${encodeURIComponent(page)}`,
  );
}

/** Docs pages and runbooks holding every word of `q`; nothing is asked under 2 characters. */
export function useDocsSearch(q: string) {
  const words = q.trim();
  return useApiQuery<DocsSearchResult>(
    words.length < 2 ? null : withQuery('/api/v1/docs/search', { q: words }),
    {
      keepPrevious: true,
    },
  );
}
