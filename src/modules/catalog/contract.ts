import { z } from 'zod';

export const ServiceSummarySchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  owner: z.string().nullable(),
  system: z.string().nullable(),
  tier: z.string().nullable(),
  lifecycle: z.string().nullable(),
  source: z.enum(['catalog', 'telemetry', 'both']),
});
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;

export const ServiceListSchema = z.object({ items: z.array(ServiceSummarySchema) });
