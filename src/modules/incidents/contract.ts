import { z } from 'zod';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An alert as an incident shows it. */
export const IncidentAlertSchema = z.object({
  fingerprint: z.string(),
  source: z
    .string()
    .describe('alertmanager, slo (an SLO burn-rate alert), capacity or test: where the alert came from.'),
  rule: z.string(),
  service: z.string().nullable(),
  severity: z.string(),
  status: z.enum(['firing', 'resolved']),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime().nullable(),
  flapping: z.boolean(),
});
export type IncidentAlert = z.infer<typeof IncidentAlertSchema>;

export const TIMELINE_KINDS = [
  'opened',
  'alert-joined',
  'alert-resolved',
  'alert-flapping',
  'notification-sent',
  'notification-failed',
  'acknowledged',
  'change',
  'resolved',
  'runbook',
  'action-run',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TimelineEntrySchema = z.object({
  at: z.iso.datetime(),
  kind: z.enum(TIMELINE_KINDS),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const IncidentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.string(),
  services: z.array(z.string()),
  startedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  paged: z.boolean().describe('Whether a human was notified.'),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

/** An action run started from the incident, as the incident shows it (the run page has the rest). */
export const IncidentRunSchema = z.object({
  id: z.string(),
  action: z.string().describe('The action id, e.g. rollback.'),
  actionTitle: z.string(),
  service: z.string().nullable(),
  state: z
    .string()
    .describe('queued, waiting_for_approval, running, succeeded, failed, cancelled, declined or timed_out.'),
  actor: z.string().describe('Who asked for the run.'),
  requestedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable().describe('When the run began executing; null before.'),
  finishedAt: z.iso.datetime().nullable(),
  link: z.string().describe("The run's page, with its live log."),
});
export type IncidentRun = z.infer<typeof IncidentRunSchema>;

export const IncidentSchema = IncidentSummarySchema.extend({
  alerts: z.array(IncidentAlertSchema),
  runs: z.array(IncidentRunSchema).describe('Action runs started from the incident, oldest first.'),
  timeline: z.array(TimelineEntrySchema),
  context: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('What changed, impact and fix, from the incident context engine; null until computed.'),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const IncidentListQuerySchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const IncidentListSchema = z.object({ items: z.array(IncidentSummarySchema) });
export const IncidentIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
