import { z } from 'zod';
import { TimeSchema } from '../changes/index.ts';
import { DORA_LEVELS, FREQUENCY_BUCKETS } from './levels.ts';

export const DORA_SCOPES = ['service', 'team', 'system', 'org'] as const;
export type DoraScope = (typeof DORA_SCOPES)[number];

/** `GET /api/v1/dora` query. */
export const DoraQuerySchema = z
  .object({
    scope: z.enum(DORA_SCOPES).default('org'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Service, team (catalog owner) or system name; required unless scope is org'),
    from: TimeSchema.optional().describe('Window start (inclusive); default 30 days before `to`'),
    to: TimeSchema.optional().describe('Window end (exclusive); default now'),
  })
  .strict();
export type DoraQuery = z.infer<typeof DoraQuerySchema>;

const LevelSchema = z.enum(DORA_LEVELS).nullable().describe('DORA 2024 performance level; null without data');
const TrendSchema = z
  .enum(['better', 'worse', 'unchanged'])
  .nullable()
  .describe('Against the previous window of the same length; null when either has no value');

export const FailureSchema = z.object({
  deploymentId: z.string(),
  service: z.string(),
  version: z.string().nullable(),
  at: z.iso.datetime(),
  reasons: z.array(z.string()).describe('The evidence: incident suspect, rollback, hotfix'),
  recoveredAt: z.iso.datetime().nullable(),
});
export type Failure = z.infer<typeof FailureSchema>;

export const DoraReportSchema = z.object({
  scope: z.enum(DORA_SCOPES),
  name: z.string().nullable(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  environments: z.array(z.string()).describe('Environments counted as production'),
  services: z.array(z.string()).describe('Services in scope that deployed in the window'),
  deploymentFrequency: z.object({
    deployments: z.number().int(),
    perDay: z.number(),
    medianDeployDaysPerWeek: z.number(),
    bucket: z.enum(FREQUENCY_BUCKETS),
    level: LevelSchema,
    previousPerDay: z.number(),
    trend: TrendSchema,
  }),
  changeLeadTime: z.object({
    commits: z.number().int(),
    medianMs: z.number().nullable(),
    p90Ms: z.number().nullable(),
    level: LevelSchema,
    previousMedianMs: z.number().nullable(),
    trend: TrendSchema,
  }),
  changeFailRate: z.object({
    failed: z.number().int(),
    deployments: z.number().int(),
    percent: z.number().nullable(),
    level: LevelSchema,
    previousPercent: z.number().nullable(),
    trend: TrendSchema,
    failures: z.array(FailureSchema),
  }),
  recoveryTime: z.object({
    recovered: z.number().int(),
    unrecovered: z.number().int().describe('Failed deployments with no fix, rollback or resolution yet'),
    medianMs: z.number().nullable(),
    level: LevelSchema,
    previousMedianMs: z.number().nullable(),
    trend: TrendSchema,
  }),
  reworkRate: z.object({
    rework: z.number().int(),
    deployments: z.number().int(),
    percent: z.number().nullable(),
    level: LevelSchema.describe('Always null: DORA 2024 publishes no levels for rework rate'),
    previousPercent: z.number().nullable(),
    trend: TrendSchema,
  }),
  weeks: z
    .array(z.object({ start: z.iso.datetime(), deployments: z.number().int(), failed: z.number().int() }))
    .describe('7-day buckets from `from`'),
  months: z
    .array(
      z.object({
        start: z.iso.datetime(),
        end: z.iso.datetime(),
        deployments: z.number().int(),
        failed: z.number().int(),
        changeFailPercent: z
          .number()
          .nullable()
          .describe('failed / deployments × 100; null without deployments'),
      }),
    )
    .describe('UTC calendar months overlapping the window, each cut to [from, to)'),
});
export type DoraReport = z.infer<typeof DoraReportSchema>;
