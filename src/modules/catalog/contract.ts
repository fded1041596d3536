import { z } from 'zod';
import { ChangeSchema, TimeSchema } from '../changes/index.ts';
import { ServiceSloSchema } from '../slo/index.ts';

export const ServiceSourceSchema = z.enum(['catalog', 'telemetry', 'both']);

export const ServiceSummarySchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  owner: z.string().nullable().describe('Owning team (group name)'),
  system: z.string().nullable(),
  tier: z.string().nullable().describe('cairn.dev/tier'),
  lifecycle: z.string().nullable(),
  links: z.array(z.object({ url: z.string(), title: z.string().nullable() })),
  annotations: z.record(z.string(), z.string()),
  source: ServiceSourceSchema.describe('Declared in the catalog, seen in telemetry, or both'),
  dependsOn: z.array(z.string()).describe('Declared: component names, other kinds as kind:name'),
  observedDependencies: z.array(z.string()).describe('Seen in the service graph'),
});
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;

export const ServiceListSchema = z.object({ items: z.array(ServiceSummarySchema) });

export const FindingSchema = z.object({
  kind: z.enum(['declared-not-observed', 'observed-not-declared']),
  dependency: z.string(),
  message: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ServiceDetailSchema = ServiceSummarySchema.extend({
  description: z.string().nullable(),
  type: z.string().nullable(),
  tags: z.array(z.string()),
  telemetryName: z.string().describe('The OTel service.name it is matched by'),
  runbook: z.string().nullable(),
  slo: ServiceSloSchema.describe(
    'Objectives and, over the window (`from`/`to`), availability and error budget left',
  ),
  declaredAt: z.string().nullable().describe('file:line of its descriptor'),
  findings: z.array(FindingSchema),
  recentChanges: z.array(ChangeSchema),
});
export type ServiceDetail = z.infer<typeof ServiceDetailSchema>;

export const TeamSchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  email: z.string().nullable(),
  declared: z.boolean().describe('A Group entity exists (else the team is only named as an owner)'),
  members: z.array(z.string()),
  services: z.array(z.string()),
});
export type Team = z.infer<typeof TeamSchema>;

export const TeamListSchema = z.object({ items: z.array(TeamSchema) });
export const TeamDetailSchema = TeamSchema.extend({ services: z.array(ServiceSummarySchema) });

export const NameParamsSchema = z.object({ name: z.string().min(1).max(200) });

export const ServiceQuerySchema = z
  .object({
    from: TimeSchema.optional().describe(
      'Start of the telemetry window (inclusive); default one hour before `to`',
    ),
    to: TimeSchema.optional().describe('End of the telemetry window; default now'),
  })
  .strict();
export type ServiceQuery = z.infer<typeof ServiceQuerySchema>;

export const CatalogErrorSchema = z.object({
  source: z.string().describe('The source as configured (dir:… or git:…)'),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  message: z.string(),
  at: z.iso.datetime(),
});
export const CatalogErrorListSchema = z.object({ items: z.array(CatalogErrorSchema) });

export const SyncResultSchema = z.object({
  sources: z.array(
    z.object({
      label: z.string(),
      ok: z.boolean(),
      entities: z.number().int(),
      problems: z.number().int(),
      revision: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
