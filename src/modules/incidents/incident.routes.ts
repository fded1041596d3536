import type { FastifyRequest } from 'fastify';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import { actorOf } from '../auth/index.ts';
import {
  IncidentIdParamsSchema,
  IncidentListQuerySchema,
  IncidentListSchema,
  IncidentSchema,
} from './contract.ts';
import type { IncidentService } from './incident.service.ts';

/**
 * Who may acknowledge or resolve an incident: anyone who may operate one of its services (identity's
 * `can`, ownership from the catalog). Throws NotAllowedError with the reason.
 */
export interface IncidentGuard {
  operateIncident(
    principal: RouteContext<unknown, unknown, unknown>['principal'],
    incidentId: string,
    request: FastifyRequest,
  ): Promise<void>;
}

/** The incident API: list, detail with alerts and timeline, acknowledge, resolve. */
export function incidentRoutes(incidents: IncidentService, guard: IncidentGuard): RouteDefinition[] {
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
      auth: 'operate',
      params: IncidentIdParamsSchema,
      response: { status: 200, description: 'The incident', schema: IncidentSchema },
      handler: async ({ params, principal, request }) => {
        noteAudit(request, { action: 'incident.acknowledge', target: `incident:${params.id}` });
        await incidents.get(params.id);
        await guard.operateIncident(principal, params.id, request);
        return incidents.acknowledge(params.id, actorOf(principal));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/resolve',
      summary: 'Resolve an incident by hand',
      tags: ['incidents'],
      auth: 'operate',
      params: IncidentIdParamsSchema,
      response: { status: 200, description: 'The incident', schema: IncidentSchema },
      handler: async ({ params, principal, request }) => {
        noteAudit(request, { action: 'incident.resolve', target: `incident:${params.id}` });
        await incidents.get(params.id);
        await guard.operateIncident(principal, params.id, request);
        return incidents.resolve(params.id, actorOf(principal));
      },
    }),
  ];
}
