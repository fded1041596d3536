import { z } from 'zod';

const LabelSet = z.record(z.string(), z.string());
/** RFC 3339 as Alertmanager writes it (nanoseconds allowed); the zero time means "not ended". */
const AmTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');

/** One alert of an Alertmanager webhook notification (payload version 4). */
export const AlertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: LabelSet.refine((labels) => (labels.alertname ?? '') !== '', 'must contain alertname'),
  annotations: LabelSet.default({}),
  startsAt: AmTime,
  endsAt: AmTime.optional(),
  generatorURL: z.string().max(4000).optional(),
  fingerprint: z.string().min(1).max(200),
});

/** Alertmanager webhook body, version 4; unknown fields are ignored as Alertmanager may add some. */
export const AlertmanagerWebhookSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook payload version 4)' }),
  groupKey: z.string().max(4000).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  alerts: z.array(AlertmanagerAlertSchema).max(10_000),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;

export const IntakeResultSchema = z.object({
  received: z.number().int().describe('Alerts in the notification.'),
  accepted: z.number().int().describe('State changes recorded.'),
  duplicates: z.number().int().describe('Repeats of a state already recorded (Alertmanager HA).'),
});
export type IntakeResult = z.infer<typeof IntakeResultSchema>;

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const AlertSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  source: z.string().describe('alertmanager, slo, capacity or test'),
  rule: z.string().describe('The alert rule (alertname).'),
  service: z.string().nullable(),
  severity: z.string(),
  status: z.enum(ALERT_STATUSES),
  labels: LabelSet,
  annotations: LabelSet,
  groupKey: z.string().nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime().nullable(),
  occurrences: z.number().int(),
  flapping: z.boolean(),
  silencedBy: z.string().nullable(),
  incidentId: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const AlertListSchema = z.object({ items: z.array(AlertSchema) });

/** A state change as the intake takes it, from Alertmanager, the SLO evaluator or `cairn alert test`. */
export interface IncomingAlert {
  source: 'alertmanager' | 'slo' | 'capacity' | 'test';
  fingerprint: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  groupKey: string | null;
  generatorUrl: string | null;
}
