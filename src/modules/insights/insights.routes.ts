import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { InsightsQuerySchema, InsightsSchema } from './contract.ts';
import type { InsightsService } from './insights.service.ts';

/** `GET /api/v1/insights`: what the platform is worth, in numbers. */
export function insightsRoutes(insights: InsightsService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/insights',
      summary: 'Self-service adoption, MTTR per severity and pages per week',
      tags: ['dora'],
      auth: 'read',
      query: InsightsQuerySchema,
      response: { status: 200, description: 'Insights for [from, to)', schema: InsightsSchema },
      handler: ({ query }) => insights.insights(query),
    }),
  ];
}
