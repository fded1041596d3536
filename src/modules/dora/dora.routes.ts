import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { DoraQuerySchema, DoraReportSchema } from './contract.ts';
import type { DoraService } from './dora.service.ts';

/** `GET /api/v1/dora`: the five DORA metrics for a service, team, system or the organisation. */
export function doraRoutes(dora: DoraService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/dora',
      summary: 'The five DORA metrics with their DORA 2024 levels and trend',
      description:
        'Deployment frequency, change lead time, change fail rate (failures attributed by evidence, each with its reasons), failed deployment recovery time and deployment rework rate, for [from, to) (default the last 30 days) against the window before it.',
      tags: ['dora'],
      auth: 'read',
      query: DoraQuerySchema,
      response: { status: 200, description: 'The report', schema: DoraReportSchema },
      handler: ({ query }) => dora.report(query),
    }),
  ];
}
