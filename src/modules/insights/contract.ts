import { z } from 'zod';
import { TimeSchema } from '../changes/index.ts';

/** `GET /api/v1/insights` query. */
export const InsightsQuerySchema = z
  .object({
    from: TimeSchema.optional().describe('Window start (inclusive); default 30 days before `to`'),
    to: TimeSchema.optional().describe('Window end (exclusive); default now'),
  })
  .strict();
export type InsightsQuery = z.infer<typeof InsightsQuerySchema>;

const ShareSchema = z.object({
  viaCairn: z.number().int().describe('Changes recorded with source cairn-action'),
  all: z.number().int(),
  percent: z.number().nullable().describe('viaCairn / all × 100; null without changes'),
});

export const InsightsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  adoption: ShareSchema.extend({
    byKind: z.record(z.string(), ShareSchema).describe('deploy, rollback, scale, config'),
  }).describe('Self-service adoption: changes made through Cairn actions against all recorded'),
  mttr: z.object({
    resolved: z.number().int(),
    medianMs: z.number().nullable().describe('Incident opened → resolved, median'),
    bySeverity: z.array(
      z.object({ severity: z.string(), resolved: z.number().int(), medianMs: z.number().nullable() }),
    ),
  }),
  pagesPerWeek: z
    .array(z.object({ start: z.iso.datetime(), pages: z.number().int() }))
    .describe('Incidents that notified a human, per 7-day bucket from `from`'),
  pagesLedToAction: z
    .object({
      pages: z.number().int().describe('Incidents in the window that notified a human'),
      ledToAction: z.number().int().describe('…of which a Cairn action changed one of their services'),
      percent: z.number().nullable().describe('ledToAction / pages × 100; null without pages'),
    })
    .describe(
      'Pages answered with a Cairn action (changes with source cairn-action), between page and resolution',
    ),
  supportRequests: z
    .object({
      total: z.number().int(),
      selfServiceResolved: z
        .number()
        .int()
        .describe('Resolved with what Cairn answered, without the platform team'),
      selfServicePercent: z
        .number()
        .nullable()
        .describe('selfServiceResolved / total × 100; null without requests'),
      byTopic: z
        .array(z.object({ topic: z.string(), requests: z.number().int() }))
        .describe('Most asked first'),
      perWeek: z
        .array(
          z.object({
            start: z.iso.datetime(),
            requests: z.number().int(),
            byTopic: z.record(z.string(), z.number().int()),
          }),
        )
        .describe('Requests per 7-day bucket from `from`, by topic: the number to halve'),
    })
    .describe('`/platform-help` requests from chat and the API'),
  sloAttainment: z
    .object({
      targetPercent: z.number().describe('The availability each service is held to: 99.9'),
      byTier: z.array(
        z.object({
          tier: z.string().describe('cairn.dev/tier; `untiered` for services without one'),
          services: z.number().int().describe('Catalog services of the tier'),
          measured: z.number().int().describe('…of which served requests in the window'),
          meeting: z.number().int().describe('…of which kept availability ≥ targetPercent'),
          attainmentPercent: z
            .number()
            .nullable()
            .describe('meeting / measured × 100; null when none measured'),
          availabilityPercent: z
            .number()
            .nullable()
            .describe("The tier's availability over all its requests (good / all × 100)"),
          worst: z
            .object({ service: z.string(), availabilityPercent: z.number() })
            .nullable()
            .describe('The measured service with the lowest availability'),
        }),
      ),
    })
    .describe(
      'SLO attainment per tier: availability of server requests (errors = status Error) against 99.9 %',
    ),
});
export type Insights = z.infer<typeof InsightsSchema>;
