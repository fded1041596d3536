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
