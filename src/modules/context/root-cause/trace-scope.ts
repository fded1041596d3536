import { type SqlFragment, sql } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { RPC_KEY, type RpcOperations } from './edge-signals.store.ts';
import { type NamedDependencies, namesDependencySql } from './named-dependencies.ts';
import { IS_ERROR_LOG, inWindows, logsIn } from './window-rows.ts';

/**
 * Which services are judged again on part of their traces only, and which anomalous callees take
 * a trace away from them: the pair (callers[i], callees[i]) says "a trace in which callers[i]
 * appears together with callees[i] is explained by callees[i] as far as callers[i] is concerned".
 * The pairs come from the call graph read from parent/child spans (see call-graph-localiser.ts).
 * A trace in which a scoped service logged an error naming a service it calls is taken away from
 * it too: what it did there followed from failing to reach that dependency (named-dependencies.ts).
 */
export interface TraceScope {
  /** The services whose trace-borne signals are read again, restricted to their clean traces. */
  readonly services: readonly string[];
  /** Parallel arrays: caller and the anomalous callee it can reach. */
  readonly callers: readonly string[];
  readonly callees: readonly string[];
  /** The services each service calls, for errors that name one. */
  readonly dependencies: NamedDependencies;
  /** Calls to other services, so a call that never reached its callee still ties the trace to it. */
  readonly rpc?: RpcOperations;
}

/**
 * (trace, service) pairs in which the service's part of the trace may be explained by an anomalous
 * callee: the trace also holds a span of an anomalous service the service reaches in the call
 * graph. Decided per trace from the set of services in it — one GROUP BY, no recursive walk — so a
 * trace where the callee appears on a sibling branch, not below the caller, is taken away too; the
 * caller is then judged on fewer traces, never on explained ones. A query that reads spans and log
 * lines alike uses it once for both (log-flow-signals.store.ts): each occurrence is built anew.
 */
export function taintedPairs(scope: TraceScope, w: AnalysisWindow): SqlFragment {
  const involved = [...new Set([...scope.callers, ...scope.callees])];
  // A call to a callee counts as the callee being in the trace: a refused or lost call leaves no
  // span of the callee, yet what the caller did next followed from it.
  const services =
    scope.rpc && scope.rpc.keys.length > 0
      ? sql`arrayDistinct(arrayConcat(groupUniqArray(ServiceName),
          groupUniqArray(transform(${RPC_KEY}, ${scope.rpc.keys}, ${scope.rpc.callees}, ''))))`
      : sql`groupUniqArray(ServiceName)`;
  return sql`SELECT TraceId, pair.1 AS service FROM (
    SELECT TraceId, ${services} AS services FROM otel_traces
    WHERE ${inWindows(w)} AND TraceId != '' AND ServiceName IN ${involved}
    GROUP BY TraceId
  ) ARRAY JOIN arrayFilter(p -> has(services, p.1) AND has(services, p.2), arrayZip(${scope.callers}, ${scope.callees})) AS pair
  UNION ALL
  SELECT DISTINCT TraceId, ServiceName AS service FROM otel_logs
  WHERE ${logsIn(w)} AND TraceId != '' AND ServiceName IN ${scope.services} AND ${IS_ERROR_LOG}
    AND ${namesDependencySql(scope.dependencies)}`;
}

/**
 * A WHERE condition on a row of otel_traces or otel_logs (columns TraceId and ServiceName): the row
 * belongs to a scoped service and to none of its explained traces. Log lines without a trace id
 * cannot be placed in a trace; `keepUntraced` decides whether they stay (log templates) or not.
 */
export function inCleanTraces(scope: TraceScope, w: AnalysisWindow, keepUntraced = false): SqlFragment {
  const untraced = keepUntraced ? sql`TraceId = '' OR ` : sql``;
  return sql`(ServiceName IN ${scope.services} AND (${untraced}(TraceId, ServiceName) NOT IN (${taintedPairs(scope, w)})))`;
}

/** Always-true condition for the unscoped (whole-window) reading. */
export const ALL_ROWS: SqlFragment = sql`1`;

/** The condition for an optional scope. */
export function scopeCondition(
  scope: TraceScope | undefined,
  w: AnalysisWindow,
  keepUntraced = false,
): SqlFragment {
  return scope ? inCleanTraces(scope, w, keepUntraced) : ALL_ROWS;
}
