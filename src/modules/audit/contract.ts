import { z } from 'zod';

/** RFC 3339 with an offset, or epoch milliseconds; becomes an ISO string in UTC. */
const TimeSchema = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,15}$/, 'must be epoch milliseconds')])
  .transform((value) => new Date(/^\d+$/.test(value) ? Number(value) : value).toISOString())
  .describe('RFC 3339 time with an offset (2026-01-01T10:00:00Z), or epoch milliseconds');

export const AUDIT_OUTCOMES = ['succeeded', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string().describe('Who, in words: a person, a token (and whose), or cairn'),
  actorId: z.string().describe('user:<id>, token:<id>, cairn or anonymous'),
  action: z.string().describe('What, e.g. silence.create, incident.acknowledge, session.sign-in'),
  target: z.string(),
  service: z.string().nullable().describe('The service the change was about, if any'),
  outcome: z.enum(AUDIT_OUTCOMES).describe('refused: not allowed; failed: allowed but it did not work'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditFilterSchema = z
  .object({
    actor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('An actor id (user:…, token:…, cairn) or part of the actor name, any case'),
    service: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(100).optional().describe('An action, or a prefix ending in "." (silence.)'),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: TimeSchema.optional().describe('Entries at or after this time'),
    to: TimeSchema.optional().describe('Entries before this time'),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditListQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe('The nextCursor of the previous page.'),
}).strict();

export const AuditExportQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
}).strict();

export const AuditListSchema = z.object({
  items: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});

/** Who did something, and from where. */
export interface AuditActor {
  /** user:<id>, token:<id>, cairn or anonymous: what filters match exactly. */
  id: string;
  /** How people read it: "Grace Hopper <grace@acme-shop.example>", "ci (token of Grace Hopper)". */
  name: string;
  ip: string | null;
  userAgent: string | null;
}

/** Cairn itself, for changes no person or token asked for (scheduled jobs, automatic resolution). */
export const CAIRN_ACTOR: AuditActor = { id: 'cairn', name: 'cairn', ip: null, userAgent: null };

export interface AuditEvent {
  actor: AuditActor;
  action: string;
  target: string;
  outcome?: AuditOutcome;
  service?: string | null;
  details?: Record<string, unknown>;
}
