import { z } from 'zod';

export const NoiseQuerySchema = z.object({
  from: z.string().optional().describe('RFC 3339 or epoch ms; default 7 days before `to`.'),
  to: z.string().optional().describe('RFC 3339 or epoch ms; default now.'),
});

export const RuleNoiseSchema = z.object({
  rule: z.string().describe('Alert name.'),
  fired: z.number().int().describe('Times it started firing.'),
  resolvedWithin5m: z.number().int().describe('Firings that resolved within 5 minutes.'),
  flapping: z.number().int().describe('Firings received while the alert was flapping.'),
  acknowledged: z.number().int().describe('Firings whose incident someone acknowledged.'),
  paged: z.number().int().describe('Incidents this rule paged for.'),
  medianDurationSeconds: z.number().nullable().describe('Median firing duration of resolved firings.'),
  ledToAction: z.number().int().describe('Firings whose incident was acknowledged or resolved by a person.'),
  noiseScore: z
    .number()
    .min(0)
    .max(1)
    .describe('Share of firings that were transient, flapping or led to no action.'),
  recommendation: z.string().nullable().describe('What to change in the rule; null when it looks useful.'),
});
export type RuleNoise = z.infer<typeof RuleNoiseSchema>;

export const NoiseReportSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  items: z.array(RuleNoiseSchema).describe('Rules, noisiest first.'),
});
export type NoiseReport = z.infer<typeof NoiseReportSchema>;
