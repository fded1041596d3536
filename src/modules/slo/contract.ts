import { z } from 'zod';

/** One service level objective. */
export interface SloObjective {
  service: string;
  kind: 'availability' | 'latency';
  /** Percent of good requests, e.g. 99.9 (latency objectives are 99: the p99). */
  target: number;
  /** Latency objectives: a request slower than this is bad. */
  thresholdMs?: number | undefined;
}

/** Where objectives come from: cairn.yaml and catalog annotations. */
export interface SloObjectiveSource {
  objectives(): Promise<SloObjective[]>;
}

/** Request counts over a window: all requests and the bad ones (errors, or slower than the threshold). */
export interface EventCounts {
  total: number;
  bad: number;
}

/** The RED data the evaluator reads. Windows are `[fromSeconds, toSeconds)` in epoch seconds. */
export interface SloDataSource {
  counts(objective: SloObjective, fromSeconds: number, toSeconds: number): Promise<EventCounts>;
}

/** Catalog annotations that declare objectives on a service. */
export const SLO_ANNOTATIONS = {
  availability: 'cairn.dev/slo-availability',
  latencyP99Ms: 'cairn.dev/slo-latency-p99-ms',
} as const;

/**
 * A service's availability objective and how the window measured up to it, as the service page
 * shows it. Every share is in percent (99.9 means 99.9 %), never a 0..1 fraction.
 */
export const ServiceSloSchema = z.object({
  availabilityObjectivePercent: z
    .number()
    .nullable()
    .describe(
      'Availability objective in percent (99.9 = 99.9 %), from cairn.yaml `slo.objectives` or the cairn.dev/slo-availability annotation; null when none is set',
    ),
  latencyObjectiveP99Ms: z
    .number()
    .nullable()
    .describe(
      'Latency objective: the p99 in milliseconds (cairn.dev/slo-latency-p99-ms); null when none is set',
    ),
  requests: z.number().int().nonnegative().describe('Server and consumer spans of the service in the window'),
  failedRequests: z.number().int().nonnegative().describe('Of those, the ones with status Error'),
  availabilityPercent: z
    .number()
    .nullable()
    .describe('Good requests in the window, in percent of all requests; null when there were none'),
  errorBudgetRemainingPercent: z
    .number()
    .nullable()
    .describe(
      'Error budget left in the window, in percent of the budget: 100 untouched, 0 spent, negative when overspent (-100 = spent twice over); null without an objective or without requests',
    ),
});
export type ServiceSlo = z.infer<typeof ServiceSloSchema>;
