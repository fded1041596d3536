import type { TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { queryLogFlow } from './log-flow-signals.store.ts';
import type { TraceScope } from './trace-scope.ts';

/**
 * How often, inside one service's part of a trace, event `source` was directly followed by event
 * `target`, before and after onset. Events are span starts (`span <name>`) and log lines
 * (`log <template>`); `(end)` follows the service's last event in the trace.
 */
export interface TransitionRow {
  service: string;
  /**
   * The operation of the request the events belong to: the name of the service's span the request
   * came in on ('' for lines of a trace whose span is not found). What a service does depends on
   * what it was asked; a load shift changes how often each operation is asked, not what follows
   * what inside one.
   */
  operation: string;
  source: string;
  target: string;
  before: number;
  after: number;
  /** Baseline minutes (seconds since epoch) in which the pair occurred, and how often, in parallel. */
  beforeMinutes: number[];
  beforeCounts: number[];
}

/** The pseudo-event after a service's last event in a trace: a flow that stops early ends here. */
export const END_EVENT = '(end)';

/**
 * Sequences that start this close to the end of the window may still be running, and would read
 * as flows that stopped early. Ten seconds covers all but pathological requests; a request slower
 * than that is a latency signal anyway.
 */
export const SETTLE_SECONDS = 10;

/**
 * Event transitions per service, counted in ClickHouse. Each (trace, service) pair's span starts
 * and log lines (those carrying a trace id) are ordered by time; consecutive events form a pair,
 * and the last one pairs with {@link END_EVENT}. A sequence belongs to the window its first event
 * falls in, and, in the baseline, the minute it starts in (for the per-minute typical rate, see
 * robust-baseline.ts). Only one row per (service, source, target) leaves the store. With a `scope`,
 * only the scoped services' events in their clean traces are read (see trace-scope.ts). The ranking
 * reads these together with the log templates ({@link queryLogFlow}), masking each line once.
 */
export async function queryTransitions(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
): Promise<TransitionRow[]> {
  return (await queryLogFlow(store, w, scope)).transitions;
}
