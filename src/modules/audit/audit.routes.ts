import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import type { AuditService } from './audit.service.ts';
import { auditCsv } from './audit-csv.ts';
import { AuditExportQuerySchema, AuditListQuerySchema, AuditListSchema } from './contract.ts';

export interface AuditRoutesDeps {
  audit: AuditService;
  /** Throws NotAllowedError unless the caller may read the audit trail. */
  mayReadAudit: (principal: RouteContext<unknown, unknown, unknown>['principal']) => Promise<void>;
}

export function auditRoutes({ audit, mayReadAudit }: AuditRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'The audit trail, newest first, filtered by actor, service, action, outcome and time',
      description: 'Readable by the platform and admin roles (and tokens acting for them).',
      tags: ['audit'],
      auth: 'read',
      query: AuditListQuerySchema,
      response: { status: 200, description: 'One page of audit entries', schema: AuditListSchema },
      handler: async ({ query, principal }) => {
        await mayReadAudit(principal);
        const { limit, cursor, ...filter } = query;
        return audit.list(filter, limit, cursor);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/export.csv',
      summary: 'The audit trail as CSV, with the same filters',
      tags: ['audit'],
      auth: 'read',
      query: AuditExportQuerySchema,
      response: {
        status: 200,
        description: 'CSV, one entry per line, newest first',
        contentType: 'text/csv',
      },
      handler: async ({ query, principal, reply }) => {
        await mayReadAudit(principal);
        const { limit, ...filter } = query;
        const { items } = await audit.list(filter, limit);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="cairn-audit.csv"')
          .send(auditCsv(items));
      },
    }),
  ];
}
