import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import {
  DocsFileParamsSchema,
  DocsPageSchema,
  DocsSearchQuerySchema,
  DocsSearchResultSchema,
  ServiceDocsSchema,
  ServiceNameParamsSchema,
} from './contract.ts';
import type { ServiceDocsService } from './service-docs.service.ts';

/**
 * An image from a docs folder may be an SVG, which can carry script: opened on its own it runs
 * in a sandbox with nothing allowed but its own styles.
 */
const ASSET_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** A service's docs (nav, pages, images) and search across every service's docs and the runbooks. */
export function serviceDocsRoutes(docs: ServiceDocsService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:name/docs',
      summary: "A service's docs: site name, navigation and pages",
      description:
        'Read from the catalog source the service came from: `backstage.io/techdocs-ref: dir:<path>` names the folder of mkdocs.yml, relative to the catalog-info.yaml. 404 says why a service has none.',
      tags: ['service-docs'],
      auth: 'read',
      params: ServiceNameParamsSchema,
      response: { status: 200, description: 'Navigation and pages', schema: ServiceDocsSchema },
      handler: ({ params }) => docs.describe(params.name),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:name/docs/pages/:path',
      summary: 'One docs page rendered to sanitised HTML, with its title',
      tags: ['service-docs'],
      auth: 'read',
      params: DocsFileParamsSchema,
      response: { status: 200, description: 'The page', schema: DocsPageSchema },
      handler: ({ params }) => docs.page(params.name, params.path),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:name/docs/assets/:path',
      summary: 'An image of the docs folder, with its content type',
      tags: ['service-docs'],
      auth: 'read',
      params: DocsFileParamsSchema,
      response: { status: 200, description: 'The image bytes', contentType: 'image/*' },
      handler: async ({ params, reply }) => {
        const asset = await docs.asset(params.name, params.path);
        return reply
          .type(asset.contentType)
          .header('content-security-policy', ASSET_CONTENT_SECURITY_POLICY)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=60')
          .send(asset.body);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/docs/search',
      summary: "Search every service's docs and the runbooks",
      description: 'Documents holding every word of `q`; title matches first.',
      tags: ['service-docs'],
      auth: 'read',
      query: DocsSearchQuerySchema,
      response: { status: 200, description: 'Hits, best first', schema: DocsSearchResultSchema },
      handler: async ({ query }) => ({ items: await docs.search(query) }),
    }),
  ];
}
