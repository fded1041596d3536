import { z } from 'zod';
import { ChangeSchema, TimeSchema } from '../../changes/index.ts';
import {
  BaselineExcludedSchema,
  ErrorTemplateSchema,
  RootCauseServiceSchema,
  WindowSchema,
} from '../contract.ts';

/** One change that may have caused the incident, with the sentences its score rests on. */
export const SuspectSchema = z.object({
  change: ChangeSchema,
  score: z
    .number()
    .min(0)
    .max(1)
    .describe('0-1; at least 0.4 only with evidence that the change shifted its service (see docs)'),
  reasons: z
    .array(z.string())
    .describe('Checkable sentences: timing, graph distance, RED shift, messages, status'),
});
export type Suspect = z.infer<typeof SuspectSchema>;

/** RED of one service now (since onset) against its baseline before onset. */
export const AffectedServiceSchema = z.object({
  service: z.string(),
  userFacing: z.boolean().describe('Called directly by users (an entry point in the service graph)'),
  errorRate: z.object({ baseline: z.number(), current: z.number() }).describe('Fractions, 0-1'),
  p99Ms: z.object({ baseline: z.number().nullable(), current: z.number().nullable() }),
  requests: z.number().int().describe('Requests served since onset'),
  errors: z.number().int().describe('Failed requests since onset'),
});
export type AffectedService = z.infer<typeof AffectedServiceSchema>;

/** Error budget an objective lost since onset. */
export const BudgetBurnSchema = z.object({
  service: z.string(),
  objective: z.string().describe('e.g. "availability 99.9%" or "p99 under 300 ms"'),
  badEvents: z.number().int().describe('Bad requests since onset'),
  budgetEvents: z.number().describe('Bad requests a 30-day period allows at the baseline request rate'),
  percentBurned: z.number().describe('badEvents / budgetEvents × 100'),
});

export const ImpactSchema = z.object({
  summary: z.string().describe('One line a person paged at 2 AM reads first'),
  telemetry: z.boolean().describe('Whether any requests of the related services are stored around onset'),
  services: z.array(AffectedServiceSchema).describe('Services whose error rate or p99 left their baseline'),
  entryPoints: z.array(z.string()).describe('User-facing entry points among the affected services'),
  requestsAffected: z.number().int().describe('Failed requests at the entry points since onset'),
  sloBudgetBurned: z.array(BudgetBurnSchema),
});
export type Impact = z.infer<typeof ImpactSchema>;

export const RollbackSchema = z.object({
  type: z.literal('rollback'),
  service: z.string(),
  fromVersion: z.string(),
  toVersion: z.string().describe('The previous successful deploy of the service'),
});
export type Rollback = z.infer<typeof RollbackSchema>;

export const SimilarIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  resolvedAt: z.iso.datetime().nullable(),
  resolution: z.string().describe('How it ended: who resolved it, rollbacks made, its top suspect'),
});
export type SimilarIncident = z.infer<typeof SimilarIncidentSchema>;

export const FixSchema = z.object({
  rollback: RollbackSchema.nullable().describe(
    'Only for a confident deploy suspect with a known earlier version',
  ),
  runbooks: z.array(z.object({ title: z.string(), url: z.string() })),
  similarIncidents: z.array(SimilarIncidentSchema),
});
export type Fix = z.infer<typeof FixSchema>;

export const ContextEvidenceSchema = z.object({
  summary: z.string().describe('What the telemetry shows, in one or two sentences'),
  exemplarTraceIds: z.array(z.string()),
  topErrorTemplates: z
    .array(ErrorTemplateSchema)
    .describe('Normalised error messages, counts before/after onset'),
  windows: z.object({
    onset: z.iso.datetime(),
    at: z.iso.datetime().describe('Data after this instant was not looked at'),
    changes: WindowSchema.describe('Look-back window searched for changes'),
    baseline: WindowSchema,
    baselineExcluded: BaselineExcludedSchema,
    after: WindowSchema,
  }),
});
export type ContextEvidence = z.infer<typeof ContextEvidenceSchema>;

/** The answer to "what changed, what is the impact, what is the fix" for one incident. */
export const IncidentContextSchema = z.object({
  suspects: z.array(SuspectSchema),
  rootCauseServices: z.array(RootCauseServiceSchema),
  impact: ImpactSchema,
  fix: FixSchema,
  evidence: ContextEvidenceSchema,
  computedAt: z.iso.datetime(),
  snapshot: z.boolean().describe('True once frozen when the incident resolved'),
});
export type IncidentContext = z.infer<typeof IncidentContextSchema>;

/** `GET /api/v1/incidents/:id/context` query. */
export const ContextQuerySchema = z
  .object({
    at: TimeSchema.optional().describe(
      'Compute as of this instant (RFC 3339 or epoch ms); default now. Nothing is stored when given.',
    ),
  })
  .strict();
