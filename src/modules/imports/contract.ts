import { z } from 'zod';
import { TimeSchema } from '../changes/index.ts';
import { RESOLUTIONS } from '../support/index.ts';

/** What one import call may carry: large enough for a year of a team's history, small enough for one request. */
export const MAX_IMPORT_ITEMS = 1000;

/** The kinds of history Cairn imports; each is also a path under `/api/v1/imports/`. */
export const IMPORT_KINDS = ['incident', 'survey-answer', 'support-request'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const SourceSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'must be lower-case letters, digits, dots, dashes or underscores, at most 64 (e.g. pagerduty)',
  )
  .describe(
    'The tool the history comes from (e.g. pagerduty, opsgenie, typeform); with `externalId` it makes an import idempotent',
  );

const ExternalIdSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .describe("The record's id in the source tool: importing it again records nothing new");

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const ServiceNameSchema = text(200);

const itemsOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, 'must hold at least one item')
    .max(MAX_IMPORT_ITEMS, `must hold at most ${MAX_IMPORT_ITEMS} items; split the import`);

/** One past incident. Times must not be in the future; it is imported resolved. */
export const ImportIncidentSchema = z
  .object({
    externalId: ExternalIdSchema,
    title: text(1000),
    severity: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lower-case severity such as critical or warning'),
    services: z.array(ServiceNameSchema).min(1, 'must name at least one service').max(50),
    openedAt: TimeSchema.describe('When it started'),
    acknowledgedAt: TimeSchema.optional().describe('When a person took it, if known'),
    resolvedAt: TimeSchema.describe('When it was resolved: not before openedAt'),
    resolvedBy: text(200).optional().describe('Who resolved it; default the source'),
    paged: z.boolean().default(false).describe('Whether it notified a person (counts in pages per week)'),
    changeId: text(64)
      .optional()
      .describe(
        'A Cairn change (GET /api/v1/changes) that caused it: a deploy or rollback that took effect in the 7 days before openedAt. It becomes the confident top suspect, so DORA counts the deploy as failed and its recovery ends when the incident resolved.',
      ),
  })
  .strict();
export type ImportIncident = z.infer<typeof ImportIncidentSchema>;

export const ImportIncidentsSchema = z
  .object({ source: SourceSchema, items: itemsOf(ImportIncidentSchema) })
  .strict();
export type ImportIncidents = z.infer<typeof ImportIncidentsSchema>;

/** One past answer to the NPS survey. */
export const ImportSurveyAnswerSchema = z
  .object({
    externalId: ExternalIdSchema,
    respondent: text(200).describe(
      'Who answered (a name or email); shown to admins only when feedback is anonymous',
    ),
    teams: z.array(text(200)).max(50).default([]).describe('Their teams when they answered: NPS per team'),
    score: z.number().int().min(0, 'must be 0-10').max(10, 'must be 0-10'),
    comment: z.string().trim().max(5000).optional(),
    csat: z
      .record(z.string(), z.number().int().min(1, 'must be 1-5').max(5, 'must be 1-5'))
      .default({})
      .describe('Satisfaction 1-5 per capability the survey asks about (feedback.capabilities)'),
    answeredAt: TimeSchema,
  })
  .strict();
export type ImportSurveyAnswer = z.infer<typeof ImportSurveyAnswerSchema>;

export const ImportSurveyAnswersSchema = z
  .object({ source: SourceSchema, items: itemsOf(ImportSurveyAnswerSchema) })
  .strict();
export type ImportSurveyAnswers = z.infer<typeof ImportSurveyAnswersSchema>;

/** One past support request; resolved ones say how. */
export const ImportSupportRequestSchema = z
  .object({
    externalId: ExternalIdSchema,
    asker: text(200),
    channel: text(200).optional(),
    text: text(2000),
    topic: text(100)
      .optional()
      .describe('One of support.topics or `other`; default: classified from the text like a chat request'),
    askedAt: TimeSchema,
    resolvedAt: TimeSchema.optional().describe('Required with resolution; not before askedAt'),
    resolvedBy: text(200).optional(),
    resolution: z
      .enum(RESOLUTIONS)
      .optional()
      .describe('`self-service`: solved without the platform team; required with resolvedAt'),
  })
  .strict();
export type ImportSupportRequest = z.infer<typeof ImportSupportRequestSchema>;

export const ImportSupportRequestsSchema = z
  .object({ source: SourceSchema, items: itemsOf(ImportSupportRequestSchema) })
  .strict();
export type ImportSupportRequests = z.infer<typeof ImportSupportRequestsSchema>;

/** What an import did with each item, in the order given. */
export const ImportResultSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  source: z.string(),
  imported: z.number().int().describe('Items recorded by this call'),
  already: z.number().int().describe('Items an earlier import with the same source and externalId recorded'),
  items: z.array(
    z.object({
      externalId: z.string(),
      id: z.string().describe('The incident, survey answer or support request id in Cairn'),
      outcome: z.enum(['imported', 'already']),
    }),
  ),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
