import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { actorOf } from '../auth/index.ts';
import {
  IncidentIdParamsSchema,
  IncidentListQuerySchema,
  IncidentListSchema,
  IncidentSchema,
} from './contract.ts';
import type { IncidentService } from './incident.service.ts';

/** The incident API: list, detail with alerts and timeline, acknowledge, resolve. */
export function incidentRoutes(incidents: IncidentService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents',
      summary: 'List incidents, newest first',
      tags: ['incidents'],
      auth: 'read',
      query: IncidentListQuerySchema,
      response: { status: 200, description: 'Incidents', schema: IncidentListSchema },
      handler: async ({ query }) => ({ items: await incidents.list(query.status, query.limit) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents/:id',
      summary: 'One incident with its alerts, timeline and context',
      tags: ['incidents'],
      auth: 'read',
      params: IncidentIdParamsSchema,
      response: { status: 200, description: 'The incident', schema: IncidentSchema },
      handler: ({ params }) => incidents.get(params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/acknowledge',
      summary: 'Acknowledge an incident (someone is on it)',
      tags: ['incidents'],
      auth: 'write',
      params: IncidentIdParamsSchema,
      response: { status: 200, description: 'The incident', schema: IncidentSchema },
      handler: ({ params, principal }) => incidents.acknowledge(params.id, actorOf(principal)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/resolve',
      summary: 'Resolve an incident by hand',
      tags: ['incidents'],
      auth: 'write',
      params: IncidentIdParamsSchema,
      response: { status: 200, description: 'The incident', schema: IncidentSchema },
      handler: ({ params, principal }) => incidents.resolve(params.id, actorOf(principal)),
    }),
  ];
}
