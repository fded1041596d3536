import { defineRoute, type RouteDefinition } from '../../../server/http/route.ts';
import { IncidentIdParamsSchema } from '../../incidents/index.ts';
import { ContextQuerySchema, IncidentContextSchema } from './contract.ts';
import type { IncidentContextService } from './incident-context.service.ts';

/** `GET /api/v1/incidents/:id/context`: the context recomputed on demand. */
export function incidentContextRoutes(service: Pick<IncidentContextService, 'compute'>): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents/:id/context',
      summary: 'Recompute what changed, the impact and the fix for an incident, as of `at`',
      tags: ['incidents'],
      auth: 'read',
      params: IncidentIdParamsSchema,
      query: ContextQuerySchema,
      response: {
        status: 200,
        description: 'The context, computed now (not stored)',
        schema: IncidentContextSchema,
      },
      handler: ({ params, query }) =>
        service.compute(params.id, query.at === undefined ? undefined : new Date(query.at)),
    }),
  ];
}
