import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import {
  ImportIncidentsSchema,
  type ImportKind,
  type ImportResult,
  ImportResultSchema,
  ImportSupportRequestsSchema,
  ImportSurveyAnswersSchema,
} from './contract.ts';
import type { ImportsService } from './imports.service.ts';

const IDEMPOTENT =
  'Admins only. Times are RFC 3339 or epoch ms and must not be in the future. The whole call is checked first (400 naming the field, e.g. `body.items.3.resolvedAt`) and written in one transaction. Each item is recorded once per (source, externalId): a repeated import answers 200 with the ids recorded first, 201 when anything is new. The audit trail records the import with its counts.';

/**
 * Runs one import: names it on the audit entry first (so a refused or failed import is filed under
 * it too), adds the counts, and answers 201 when the call recorded anything, 200 when every item
 * was already there.
 */
async function runImport(
  kind: ImportKind,
  source: string,
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<ImportResult>,
): Promise<undefined> {
  noteAudit(request, { action: `import.${kind}`, target: `${kind}s from ${source}`, details: { source } });
  const result = await run();
  noteAudit(request, { details: { source, imported: result.imported, already: result.already } });
  reply.code(result.imported > 0 ? 201 : 200).send(result);
  return undefined;
}

/** History imports: what a team migrating from another incident, survey or help-desk tool brings along. */
export function importsRoutes(imports: ImportsService): RouteDefinition[] {
  const response = {
    status: 201,
    description: 'Imported (201), or every item already imported (200)',
    schema: ImportResultSchema,
  };
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/imports/incidents',
      summary: 'Import past incidents, optionally with the change that caused each',
      description: `Resolved incidents from another tool. An item's changeId makes that change its confident top suspect, so DORA counts the deploy as failed and the incident's resolution as its recovery. ${IDEMPOTENT}`,
      tags: ['imports'],
      auth: 'admin',
      body: ImportIncidentsSchema,
      response,
      handler: ({ body, request, reply }) =>
        runImport('incident', body.source, request, reply, () => imports.importIncidents(body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/imports/survey-answers',
      summary: 'Import past NPS survey answers',
      description: `Answers with their own times count in the NPS of the period they fall in. ${IDEMPOTENT}`,
      tags: ['imports'],
      auth: 'admin',
      body: ImportSurveyAnswersSchema,
      response,
      handler: ({ body, request, reply }) =>
        runImport('survey-answer', body.source, request, reply, () => imports.importSurveyAnswers(body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/imports/support-requests',
      summary: 'Import past support requests',
      description: `Requests asked elsewhere (a help desk, a chat channel), with when they were asked and how they were resolved; they count in support requests per week. ${IDEMPOTENT}`,
      tags: ['imports'],
      auth: 'admin',
      body: ImportSupportRequestsSchema,
      response,
      handler: ({ body, request, reply }) =>
        runImport('support-request', body.source, request, reply, () => imports.importSupportRequests(body)),
    }),
  ];
}
