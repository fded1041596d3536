/** Request and response schemas of the policy routes (shared with the web UI). */
import { z } from 'zod';

const GroupVersionKindSchema = z.object({ group: z.string(), version: z.string(), kind: z.string() });

/** `admission.k8s.io/v1` AdmissionReview as the apiserver sends it (fields Cairn reads; others kept). */
export const AdmissionReviewRequestSchema = z.object({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  request: z
    .object({
      uid: z.string().min(1),
      kind: GroupVersionKindSchema,
      resource: z.object({ group: z.string(), version: z.string(), resource: z.string() }).optional(),
      operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
      name: z.string().optional(),
      namespace: z.string().optional(),
      object: z.record(z.string(), z.unknown()).nullable().optional(),
      oldObject: z.record(z.string(), z.unknown()).nullable().optional(),
      userInfo: z
        .object({ username: z.string().optional(), groups: z.array(z.string()).optional() })
        .optional(),
      dryRun: z.boolean().optional(),
    })
    .loose(),
});
export type AdmissionReviewRequest = z.infer<typeof AdmissionReviewRequestSchema>;

export const AdmissionReviewResponseSchema = z.object({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  response: z.object({
    uid: z.string(),
    allowed: z.boolean(),
    status: z.object({ code: z.number().int(), reason: z.string(), message: z.string() }).optional(),
    warnings: z.array(z.string()).optional(),
    auditAnnotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type AdmissionReviewResponse = z.infer<typeof AdmissionReviewResponseSchema>;

const LevelSchema = z.enum(['bronze', 'silver', 'gold']);
const LevelCountsSchema = z.object({
  none: z.number().int(),
  bronze: z.number().int(),
  silver: z.number().int(),
  gold: z.number().int(),
});

export const ScorecardOverviewSchema = z.object({
  evaluatedAt: z.iso.datetime(),
  scorecards: z.array(
    z.object({
      name: z.string(),
      rules: z.array(z.object({ name: z.string(), level: LevelSchema, message: z.string() })),
    }),
  ),
  services: z.array(
    z.object({
      scorecard: z.string(),
      service: z.string(),
      team: z.string().nullable(),
      level: LevelSchema.nullable().describe('Highest level reached; null below bronze'),
      rules: z.array(
        z.object({
          name: z.string(),
          level: LevelSchema,
          passed: z.boolean(),
          message: z.string().nullable().describe('How to fix it, when the rule fails'),
        }),
      ),
    }),
  ),
  teams: z.array(
    z.object({
      scorecard: z.string(),
      team: z.string(),
      services: z.number().int(),
      levels: LevelCountsSchema,
    }),
  ),
  trend: z
    .array(z.object({ scorecard: z.string(), day: z.string(), levels: LevelCountsSchema }))
    .describe('Services per level per day over the last 30 days, oldest first'),
});
export type ScorecardOverview = z.infer<typeof ScorecardOverviewSchema>;

export const PolicyViolationSchema = z.object({
  id: z.string(),
  source: z.enum(['admission', 'action']).describe('Where the policy ran'),
  resource: z.object({ kind: z.string(), namespace: z.string(), name: z.string() }),
  service: z.string().nullable().describe('The catalog service the resource belongs to, when known'),
  team: z.string().nullable().describe("The service's owning team"),
  policy: z.string(),
  outcome: z
    .enum(['fail', 'error', 'excepted'])
    .describe(
      'fail: a validation failed; error: the policy could not be evaluated; excepted: an exception let it through',
    ),
  actions: z.array(z.enum(['Deny', 'Warn', 'Audit'])),
  message: z.string(),
  exception: z.string().nullable(),
  fix: z.string().nullable().describe("How to fix it, from the policy's description annotation"),
  open: z.boolean().describe('Still failing: the resource has not passed the policy since'),
  firstSeen: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().nullable(),
});
export type PolicyViolation = z.infer<typeof PolicyViolationSchema>;

export const ViolationQuerySchema = z.object({
  service: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only open failures; false: only resolved or excepted ones'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ViolationQuery = z.infer<typeof ViolationQuerySchema>;
