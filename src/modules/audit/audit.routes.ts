import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { AuditService } from './audit.service.ts';
import { AuditListQuerySchema, AuditListSchema } from './contract.ts';

export function auditRoutes(audit: AuditService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'The audit trail, newest first',
      tags: ['audit'],
      auth: 'admin',
      query: AuditListQuerySchema,
      response: { status: 200, description: 'One page of audit entries', schema: AuditListSchema },
      handler: ({ query }) => audit.list(query.limit, query.cursor),
    }),
  ];
}
