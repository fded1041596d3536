import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { CatalogService } from './catalog.service.ts';
import type { CatalogSync } from './catalog-sync.service.ts';
import {
  CatalogErrorListSchema,
  NameParamsSchema,
  ServiceDetailSchema,
  ServiceListSchema,
  ServiceQuerySchema,
  SyncResultSchema,
  TeamDetailSchema,
  TeamListSchema,
} from './contract.ts';

export interface CatalogRoutesDeps {
  catalog: CatalogService;
  sync: CatalogSync;
  /** Throws NotAllowedError unless the caller may change Cairn's configuration (identity's `can`). */
  mayConfigure: (principal: RouteContext<unknown, unknown, unknown>['principal']) => Promise<void>;
}

/** Services, teams, and the catalog's sync and problems. */
export function catalogRoutes({ catalog, sync, mayConfigure }: CatalogRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/services',
      summary: 'List services (declared in the catalog and seen in telemetry)',
      tags: ['catalog'],
      auth: 'read',
      query: ServiceQuerySchema,
      response: { status: 200, description: 'Services by name', schema: ServiceListSchema },
      handler: async ({ query }) => ({ items: await catalog.listServices(query) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:name',
      summary: 'One service: catalog entry, observed dependencies, findings and recent changes',
      tags: ['catalog'],
      auth: 'read',
      params: NameParamsSchema,
      query: ServiceQuerySchema,
      response: { status: 200, description: 'The service', schema: ServiceDetailSchema },
      handler: ({ params, query }) => catalog.getService(params.name, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/teams',
      summary: 'List teams: catalog Groups and every owner named by a service',
      tags: ['catalog'],
      auth: 'read',
      response: { status: 200, description: 'Teams by name', schema: TeamListSchema },
      handler: async () => ({ items: await catalog.listTeams() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/teams/:name',
      summary: 'One team and its services',
      tags: ['catalog'],
      auth: 'read',
      params: NameParamsSchema,
      response: { status: 200, description: 'The team', schema: TeamDetailSchema },
      handler: ({ params }) => catalog.getTeam(params.name),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/catalog/errors',
      summary: 'Problems found by the last sync of each source (file:line and reason)',
      tags: ['catalog'],
      auth: 'read',
      response: {
        status: 200,
        description: 'Problems by source, file and line',
        schema: CatalogErrorListSchema,
      },
      handler: async () => ({ items: await catalog.listErrors() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/catalog/refresh',
      summary: 'Sync every catalog source now and report how each went',
      tags: ['catalog'],
      auth: 'operate',
      response: { status: 200, description: 'Per-source results', schema: SyncResultSchema },
      handler: async ({ principal, request }) => {
        noteAudit(request, { action: 'catalog.refresh', target: 'catalog' });
        await mayConfigure(principal);
        return { sources: await sync.sync() };
      },
    }),
  ];
}
