import type { FastifyRequest } from 'fastify';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import { actorOf } from '../auth/index.ts';
import { IncidentIdParamsSchema } from '../incidents/index.ts';
import {
  IncidentRunbooksSchema,
  RunbookIdParamsSchema,
  RunbookInsightsSchema,
  RunbookListSchema,
  RunbookSchema,
  StepMarkBodySchema,
  StepMarkSchema,
  StepParamsSchema,
} from './contract.ts';
import type { RunbookService } from './runbook.service.ts';
import type { RunbookInsightsService } from './runbook-insights.ts';

export interface RunbookRouteDeps {
  runbooks: RunbookService;
  insights: RunbookInsightsService;
  /** Who may mark steps: whoever may operate the incident (throws NotAllowedError). */
  operateIncident(
    principal: RouteContext<unknown, unknown, unknown>['principal'],
    incidentId: string,
    request: FastifyRequest,
  ): Promise<void>;
}

/** The runbook API: the runbooks, an incident's matching runbooks walked, step marks, what was learnt. */
export function runbookRoutes({ runbooks, insights, operateIncident }: RunbookRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/runbooks',
      summary: 'Runbooks in the configuration repository',
      tags: ['runbooks'],
      auth: 'read',
      response: { status: 200, description: 'The runbooks', schema: RunbookListSchema },
      handler: () => ({ items: runbooks.list() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/runbooks/insights',
      summary:
        'What was learnt: steps reached, skipped and rated, fastest paths, alert rules without a runbook',
      tags: ['runbooks'],
      auth: 'read',
      response: {
        status: 200,
        description: 'Per runbook and per unmatched alert rule',
        schema: RunbookInsightsSchema,
      },
      handler: () => insights.compute(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/runbooks/:id',
      summary: 'One runbook with its steps, checks, actions and branches',
      tags: ['runbooks'],
      auth: 'read',
      params: RunbookIdParamsSchema,
      response: { status: 200, description: 'The runbook', schema: RunbookSchema },
      handler: ({ params }) => runbooks.get(params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents/:id/runbooks',
      summary: "Runbooks matching an incident, each with its decision path walked on the incident's data",
      tags: ['runbooks', 'incidents'],
      auth: 'read',
      params: IncidentIdParamsSchema,
      response: {
        status: 200,
        description: 'Matching runbooks and runbook_url links',
        schema: IncidentRunbooksSchema,
      },
      handler: ({ params }) => runbooks.forIncident(params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/runbooks/:rid/steps/:sid',
      summary: 'Mark a runbook step of an incident done, skipped, noted or "did not help"',
      tags: ['runbooks', 'incidents'],
      auth: 'operate',
      params: StepParamsSchema,
      body: StepMarkBodySchema,
      response: {
        status: 200,
        description: 'The mark, also on the incident timeline',
        schema: StepMarkSchema,
      },
      handler: async ({ params, body, principal, request }) => {
        noteAudit(request, { action: 'incident.runbook-step', target: `incident:${params.id}` });
        await operateIncident(principal, params.id, request);
        return runbooks.markStep({
          incidentId: params.id,
          runbookId: params.rid,
          stepId: params.sid,
          status: body.status,
          note: body.note,
          actor: actorOf(principal),
        });
      },
    }),
  ];
}
