import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { templateSql } from './log-template.ts';
import { scopeCondition, type TraceScope } from './trace-scope.ts';

/**
 * How often, inside one service's part of a trace, event `source` was directly followed by event
 * `target`, before and after onset. Events are span starts (`span <name>`) and log lines
 * (`log <template>`); `(end)` follows the service's last event in the trace.
 */
export interface TransitionRow {
  service: string;
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
const SETTLE_SECONDS = 10;

/**
 * Event transitions per service, counted in ClickHouse. Each (trace, service) pair's span starts
 * and log lines (those carrying a trace id) are ordered by time; consecutive events form a pair,
 * and the last one pairs with {@link END_EVENT}. A sequence belongs to the window its first event
 * falls in, and, in the baseline, the minute it starts in (for the per-minute typical rate, see
 * robust-baseline.ts). Only one row per (service, source, target) leaves the store. With a `scope`,
 * only the scoped services' events in their clean traces are read (see trace-scope.ts).
 */
export async function queryTransitions(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
): Promise<TransitionRow[]> {
  const inScope = scopeCondition(scope, w);
  const settled = new Date(w.afterTo.getTime() - SETTLE_SECONDS * 1000);
  return store.query<TransitionRow>(sql`WITH
  events AS (
    SELECT TraceId, ServiceName AS service, Timestamp AS ts, concat('span ', SpanName) AS event
    FROM otel_traces WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo} AND TraceId != '' AND ${inScope}
    UNION ALL
    SELECT TraceId, ServiceName AS service, Timestamp AS ts, concat('log ', ${templateSql('Body')}) AS event
    FROM otel_logs WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo} AND TraceId != '' AND ${inScope}
  ),
  sequences AS (
    SELECT service, min(ts) >= ${w.onset} AS isAfter, toUInt32(toUnixTimestamp(toStartOfMinute(min(ts)))) AS minute,
      arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((ts, event)))) AS evs
    FROM events GROUP BY TraceId, service
    HAVING min(ts) < ${settled}
  ),
  counted AS (
    SELECT service, pair.1 AS source, pair.2 AS target, isAfter, minute, count() AS n
    FROM sequences ARRAY JOIN arrayZip(evs, arrayPushBack(arrayPopFront(evs), ${END_EVENT})) AS pair
    GROUP BY service, source, target, isAfter, minute
  )
SELECT service, source, target,
  toUInt32(sumIf(n, NOT isAfter)) AS before, toUInt32(sumIf(n, isAfter)) AS after,
  groupArrayIf(minute, NOT isAfter) AS beforeMinutes, groupArrayIf(toUInt32(n), NOT isAfter) AS beforeCounts
FROM counted GROUP BY service, source, target`);
}
