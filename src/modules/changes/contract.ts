import { z } from 'zod';

/**
 * `push` is commits reaching a branch (environment = the branch): code that is not running yet.
 * Lists leave pushes out unless `kind=push` is asked for, so they never crowd out changes to what
 * runs (incident suspects, recent changes); DORA reads them for lead time.
 */
export const CHANGE_KINDS = [
  'deploy',
  'rollback',
  'config',
  'feature-flag',
  'infra',
  'scale',
  'push',
] as const;
export const CHANGE_SOURCES = [
  'github',
  'argocd',
  'jenkins',
  'terraform',
  'api',
  'cli',
  'cairn-action',
] as const;
export const CHANGE_STATUSES = ['in_progress', 'succeeded', 'failed', 'cancelled'] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeSource = (typeof CHANGE_SOURCES)[number];
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** RFC 3339 with an offset, or epoch milliseconds; becomes an ISO string in UTC. */
export const TimeSchema = z
  .union([z.number().int().nonnegative(), z.string().min(1)])
  .transform((value, ctx) => {
    const date =
      typeof value === 'number' || /^\d+$/.test(value)
        ? new Date(Number(value))
        : /(Z|[+-]\d{2}:?\d{2})$/i.test(value)
          ? new Date(value)
          : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({
        code: 'custom',
        message: `must be RFC 3339 with an offset or epoch ms, got "${value}"`,
      });
      return z.NEVER;
    }
    return date.toISOString();
  })
  .describe('RFC 3339 time with an offset (2026-01-01T10:00:00Z), or epoch milliseconds');

export const CommitSchema = z.object({
  sha: z.string().min(1).max(200),
  at: TimeSchema.nullable().optional().describe('When the commit was made (for lead time)'),
  message: z.string().max(2000).nullable().optional(),
  author: z.string().max(200).nullable().optional(),
  parent: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe('The commit before it on the branch (first parent): chains pushes for lead time'),
});

const shortText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Body of `POST /api/v1/changes`. */
export const RecordChangeSchema = z
  .object({
    service: shortText(200).describe(
      'Catalog name of the service; an unknown name is kept, shown as unmapped',
    ),
    environment: shortText(100).default('production'),
    kind: z.enum(CHANGE_KINDS).default('deploy'),
    version: shortText(200).optional(),
    previousVersion: shortText(200).optional(),
    revision: shortText(200).optional().describe('Commit sha (or other VCS revision) that was changed to'),
    commits: z.array(CommitSchema).max(500).default([]),
    author: shortText(200).optional(),
    status: z.enum(CHANGE_STATUSES).default('succeeded'),
    startedAt: TimeSchema.optional(),
    finishedAt: TimeSchema.optional(),
    url: z.url().max(2000).optional(),
    description: z.string().max(4000).optional(),
    idempotencyKey: shortText(400)
      .optional()
      .describe('The same key sent twice records one change; the second answer is the first change'),
    source: z.enum(['api', 'cli']).default('api').describe('Who sent it: the CLI says cli'),
  })
  .strict();
export type RecordChange = z.infer<typeof RecordChangeSchema>;

export const ChangeSchema = z.object({
  id: z.string(),
  service: z.string().nullable().describe('The Cairn service; null when the sender could not be mapped'),
  mapped: z.boolean().describe('Whether the service was in the catalog or telemetry when recorded'),
  sourceRef: z.string().nullable().describe('What the sender named (repository, Argo CD app, Jenkins job)'),
  source: z.enum(CHANGE_SOURCES),
  environment: z.string(),
  kind: z.enum(CHANGE_KINDS),
  version: z.string().nullable(),
  previousVersion: z.string().nullable(),
  revision: z.string().nullable(),
  commits: z.array(
    z.object({
      sha: z.string(),
      at: z.string().nullable(),
      message: z.string().nullable(),
      author: z.string().nullable(),
      parent: z.string().nullable().optional().describe('First parent, when the sender said'),
    }),
  ),
  author: z.string().nullable(),
  status: z.enum(CHANGE_STATUSES),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  at: z.iso.datetime().describe('When it took effect: finishedAt, else startedAt, else when recorded'),
  url: z.string().nullable(),
  description: z.string().nullable(),
  recordedAt: z.iso.datetime(),
});
export type Change = z.infer<typeof ChangeSchema>;

const OUTCOME_LINKED =
  "linked: a deploy tool's report of a deploy Cairn ran (same service, environment and revision) enriched that cairn-action change instead of recording a second one";

export const RecordedChangeSchema = z.object({
  outcome: z.enum(['recorded', 'duplicate', 'linked']).describe(OUTCOME_LINKED),
  change: ChangeSchema,
});

/** What an integration webhook did with a delivery. */
export const IntegrationResultSchema = z.object({
  outcome: z.enum(['recorded', 'duplicate', 'linked', 'ignored']).describe(OUTCOME_LINKED),
  change: ChangeSchema.optional(),
  reason: z.string().optional().describe('Why the delivery was ignored'),
});
export type IntegrationResult = z.infer<typeof IntegrationResultSchema>;

export const ChangeQuerySchema = z
  .object({
    service: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    kind: z.enum(CHANGE_KINDS).optional().describe('Default: every kind but push'),
    from: TimeSchema.optional().describe('Start (inclusive); default 7 days before `to`'),
    to: TimeSchema.optional().describe('End (exclusive); default now'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type ChangeQuery = z.infer<typeof ChangeQuerySchema>;

export const ChangeListSchema = z.object({ items: z.array(ChangeSchema) });
