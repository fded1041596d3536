import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { inWindows, PARENT_KEY, SPAN_KEY, TRACE_KEY } from './window-rows.ts';

/**
 * One operation a caller invokes on another service, as the traces show it: a caller span (the
 * client span) whose child is a span of another service (the callee's server span). The time on the
 * wire of one call is the client span's duration minus its child's (request and response legs:
 * network, queues in front of the callee, retransmissions); the caller's own code does nothing
 * meanwhile, and the callee's server span does not see it.
 */
export interface EdgeRow {
  caller: string;
  callee: string;
  /** The caller's span name for the call. */
  operation: string;
  /** Calls before and after onset, with or without a child span. */
  baselineCalls: number;
  afterCalls: number;
  /** Wire time of calls with a child span: baseline p95 and median, median after onset (ms). */
  baselineP95WireMs: number;
  baselineMedianWireMs: number;
  afterMedianWireMs: number;
  /** Calls after onset with a child span, and of those, calls whose wire time exceeded the baseline p95 by > 1 ms. */
  comparable: number;
  slower: number;
  /** Failed calls the callee's spans do not explain (no child span, or a child that did not fail), per window. */
  baselineTransportErrors: number;
  afterTransportErrors: number;
}

/** Fewest baseline calls with a child for an edge's wire-time p95 to mean anything (as for self time). */
const MIN_BASELINE_CALLS = 20;
/** A wire-time shift under 1 ms is jitter no user sees. */
const MIN_SLOWER_NS = 1_000_000;

/**
 * Per (caller, callee, operation): wire time and transport failures before and after onset. An
 * operation is an edge to each service in which, somewhere in the two windows, a client span
 * (OpenTelemetry's kind for a call to a remote service) of that name in the caller has a child span;
 * a generic name (`HTTP POST`) can be an edge to several services. Calls of that operation with no
 * child at all (a refused connection, a request lost before the callee saw it) are calls of the
 * edge too when the operation has one callee, and of none when it has several.
 */
export async function queryEdges(store: TelemetryStore, w: AnalysisWindow): Promise<EdgeRow[]> {
  return store.query<EdgeRow>(sql`WITH
  spans AS (
    SELECT ${TRACE_KEY} AS trace, ${SPAN_KEY} AS id, ${PARENT_KEY} AS parent, ServiceName, SpanName, SpanKind, Duration,
      StatusCode = 'Error' AS failed, Timestamp >= ${w.onset} AS isAfter
    FROM otel_traces WHERE ${inWindows(w)}
  ),
  -- The children of client spans only (the calls' other ends), found through the client spans'
  -- ids: the grouping then holds the calls, not every parent span of the window. Half the CPU on
  -- traffic with few client spans; about even on the zoo's, a third of them client spans
  -- (docs/rca.md, "Ranking time").
  children AS (
    SELECT trace, parent, min(ServiceName) AS childService, max(Duration) AS childDuration,
      max(failed) AS childFailed
    FROM spans
    WHERE parent != 0 AND (trace, parent) IN (SELECT trace, id FROM spans WHERE SpanKind = 'Client')
    GROUP BY trace, parent
  ),
  calls AS (
    SELECT p.ServiceName AS caller, p.SpanName AS operation, p.isAfter AS isAfter, p.failed AS failed,
      c.childService AS child, c.childFailed AS childFailed,
      toInt64(p.Duration) - toInt64(c.childDuration) AS wireNs
    FROM (SELECT * FROM spans WHERE SpanKind = 'Client') AS p
    LEFT JOIN children AS c ON p.trace = c.trace AND p.id = c.parent
  ),
  -- One group per (caller, operation), its calls kept as an array: each callee's edge, its baseline
  -- p95 and the counts against it all come from this one reading of the join (a CTE named twice is
  -- evaluated twice, join and all).
  edges AS (
    SELECT caller, operation, groupArray((isAfter, failed, child, childFailed, wireNs)) AS all,
      arraySort(arrayDistinct(arrayFilter(x -> x != '' AND x != caller, arrayMap(c -> c.3, all)))) AS callees
    FROM calls GROUP BY caller, operation
  ),
  -- Quantiles exact, as the self-time query's (span-signals.store.ts says why).
  edgeCalls AS (
    SELECT caller, callee, operation,
      -- (isAfter, paired, wireNs, transportError) of the calls of the edge: with the callee as
      -- child, or with no child at all when the operation calls this one service only (a call that
      -- never reached any callee cannot be told apart between several).
      arrayMap(c -> (c.1, c.3 = callee, c.5, c.2 AND (c.3 != callee OR NOT c.4)),
        arrayFilter(c -> c.3 = callee OR (c.3 = '' AND length(callees) = 1), all)) AS ec,
      arrayMap(c -> c.3, arrayFilter(c -> c.2 AND NOT c.1, ec)) AS baseWire,
      arrayMap(c -> c.3, arrayFilter(c -> c.2 AND c.1, ec)) AS afterWire,
      length(baseWire) AS n,
      if(n > 0, arrayReduce('quantileExactInclusive(0.95)', baseWire), 0) AS p95
    FROM edges ARRAY JOIN callees AS callee
  )
SELECT caller, callee, operation,
  toUInt32(arrayCount(c -> NOT c.1, ec)) AS baselineCalls,
  toUInt32(arrayCount(c -> c.1, ec)) AS afterCalls,
  toFloat64(p95) / 1e6 AS baselineP95WireMs,
  toFloat64(arrayReduce('quantileExactInclusive(0.5)', baseWire)) / 1e6 AS baselineMedianWireMs,
  toFloat64(arrayReduce('quantileExactInclusive(0.5)', afterWire)) / 1e6 AS afterMedianWireMs,
  toUInt32(if(n >= ${MIN_BASELINE_CALLS}, length(afterWire), 0)) AS comparable,
  toUInt32(if(n >= ${MIN_BASELINE_CALLS}, arrayCount(x -> x > p95 + ${MIN_SLOWER_NS}, afterWire), 0)) AS slower,
  toUInt32(arrayCount(c -> c.4 AND NOT c.1, ec)) AS baselineTransportErrors,
  toUInt32(arrayCount(c -> c.4 AND c.1, ec)) AS afterTransportErrors
FROM edgeCalls
ORDER BY caller, callee, operation`);
}

/**
 * The operations that are calls to another service, as `caller\toperation` keys with their callee
 * in parallel: a span of such an operation is the caller waiting on the wire and on the callee, not
 * the caller's own work, and its failure is the call's outcome, not the caller's own error.
 */
export interface RpcOperations {
  readonly keys: readonly string[];
  readonly callees: readonly string[];
}

/**
 * One entry per operation. An operation that is an edge to several services has no single callee
 * (''): a call of it ties a trace to a callee only through the callee's own span.
 */
export function rpcOperationsOf(rows: readonly EdgeRow[]): RpcOperations {
  const calleeOf = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.caller}\t${r.operation}`;
    const known = calleeOf.get(key);
    calleeOf.set(key, known === undefined || known === r.callee ? r.callee : '');
  }
  return { keys: [...calleeOf.keys()], callees: [...calleeOf.values()] };
}

/** The key of a span row of otel_traces in {@link RpcOperations}. */
export const RPC_KEY = sql`concat(ServiceName, '\t', SpanName)`;
