import { raw, type SqlFragment, sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { RPC_KEY, type RpcOperations } from './edge-signals.store.ts';
import { type NamedDependencies, namesDependencySql } from './named-dependencies.ts';
import { scopeCondition, type TraceScope } from './trace-scope.ts';
import { IS_ERROR_LOG, inWindows, logsIn, PARENT_KEY, SPAN_KEY, TRACE_KEY } from './window-rows.ts';

/** Own-span (self time) latency of one service before and after onset. */
export interface SelfTimeRow {
  service: string;
  baselineSpans: number;
  afterSpans: number;
  baselineP95Ms: number;
  afterP95Ms: number;
  /** Spans after onset whose operation had enough baseline spans to have a baseline p95. */
  comparable: number;
  /** Of those, spans whose self time exceeded their operation's baseline p95 by more than 1 ms. */
  slower: number;
  /** Minutes (seconds since epoch) with spans and how many, in parallel: baseline part, then after part. */
  baselineMinutes: number[];
  baselineMinuteSpans: number[];
  afterMinutes: number[];
  afterMinuteSpans: number[];
}

/** Erroring spans of one service, split by whether the error originates there. */
export interface ErrorSpanRow {
  service: string;
  baselineOwn: number;
  afterOwn: number;
  baselinePropagated: number;
  afterPropagated: number;
  /** Of the propagated ones after onset, spans whose only error evidence names a service it calls. */
  afterNamed: number;
  exemplars: string[];
  /** First own error after onset (UTC text), or '' when there is none. */
  firstOwnError: string;
  /** Baseline minutes (seconds since epoch) with own errors, and how many, in parallel. */
  ownMinutes: number[];
  ownCounts: number[];
  /** Minutes (both windows) with any erroring span, own or propagated, and how many, in parallel. */
  errorMinutes: number[];
  errorCounts: number[];
}

/** A service's erroring spans per minute, own or propagated: what the onset estimate reads. */
export type ErrorMinutes = Pick<ErrorSpanRow, 'service' | 'errorMinutes' | 'errorCounts'>;

/** Spans of one service in one minute (seconds since epoch), both windows. */
export interface SpanMinuteRow {
  service: string;
  minute: number;
  /** 1 for the part of the minute after onset, 0 for the baseline part. */
  isAfter: number;
  spans: number;
}

/** Observed calls from one service to another (parent span → child span across services). */
export interface CallEdgeRow {
  caller: string;
  callee: string;
  calls: number;
}

/**
 * Fewest baseline spans of an operation for its p95 to mean anything: with 20 samples the p95 is the
 * 19th value; with fewer it is the maximum.
 */
const MIN_BASELINE_SPANS = 20;
/** A self-time shift under 1 ms is below what a user or an SLO notices; ignore it as jitter. */
const MIN_SLOWER_NS = 1_000_000;

function spansIn(w: AnalysisWindow): SqlFragment {
  return sql`SELECT TraceId, ServiceName, SpanName, Duration, StatusCode, Timestamp,
      ${TRACE_KEY} AS trace, ${SPAN_KEY} AS id, ${PARENT_KEY} AS parent, Timestamp >= ${w.onset} AS isAfter
    FROM otel_traces
    WHERE ${inWindows(w)}`;
}

/**
 * Spans per service and minute (the denominators of per-minute rates), unfolded from the arrays the
 * self-time query returns with its other columns — one scan of the spans for both.
 */
export function spanMinutesOf(rows: readonly SelfTimeRow[]): SpanMinuteRow[] {
  return rows.flatMap((row) => [
    ...row.baselineMinutes.map((minute, i) => ({
      service: row.service,
      minute,
      isAfter: 0,
      spans: row.baselineMinuteSpans[i] ?? 0,
    })),
    ...row.afterMinutes.map((minute, i) => ({
      service: row.service,
      minute,
      isAfter: 1,
      spans: row.afterMinuteSpans[i] ?? 0,
    })),
  ]);
}

/**
 * Self time per span (its duration minus its children's, floored at 0), then per service: p95 before
 * and after, and how many spans after onset were slower than their own operation's baseline p95.
 * Comparing each operation with itself keeps a change in the request mix from reading as a slowdown;
 * under no change 5% of spans exceed a p95, so the count is a binomial test against 5%. With a
 * `scope`, only the scoped services' spans in their clean traces are read (see trace-scope.ts).
 * Spans of `rpc` operations (a caller's client span of a call to another service) are left out:
 * their self time is time on the wire, which the edge signals judge (edge-signals.store.ts) — the
 * caller's code does nothing meanwhile, and a slow network must not read as a slow caller.
 */
export async function querySelfTime(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
  rpc: RpcOperations = NO_RPC,
): Promise<SelfTimeRow[]> {
  return store.query<SelfTimeRow>(selfTimeSql(w, rpc, { scope }));
}

/**
 * The whole window's self time (as {@link querySelfTime} without a scope) and call edges (as
 * {@link queryCallEdges}) from one reading: both join every span to its children, so the join
 * is made once, its children's services counted beside their durations.
 */
export async function querySelfTimeAndCallEdges(
  store: TelemetryStore,
  w: AnalysisWindow,
  rpc: RpcOperations,
): Promise<{ selfTime: SelfTimeRow[]; callEdges: CallEdgeRow[] }> {
  const rows = await store.query<
    SelfTimeRow & { calleeMap: unknown; calleeServices: string[]; calleeCalls: number[] }
  >(selfTimeSql(w, rpc, { callees: true }));
  const selfTime: SelfTimeRow[] = [];
  const callEdges: CallEdgeRow[] = [];
  for (const { calleeMap: _, calleeServices, calleeCalls, ...row } of rows) {
    // A service whose every span is a call to another service has no self time to judge.
    if (row.baselineSpans + row.afterSpans > 0) selfTime.push(row);
    calleeServices.forEach((callee, i) => {
      if (callee !== row.service) callEdges.push({ caller: row.service, callee, calls: calleeCalls[i] ?? 0 });
    });
  }
  return { selfTime, callEdges };
}

/**
 * Self time per operation, then per service; with `callees`, every span is joined (calls to other
 * services too, whose self time is left out by a condition instead of a filter) and the services of
 * each span's children are counted as well.
 */
function selfTimeSql(
  w: AnalysisWindow,
  rpc: RpcOperations,
  options: { scope?: TraceScope; callees?: boolean },
): SqlFragment {
  const { scope, callees = false } = options;
  const judged = sql`NOT has(${rpc.keys}, ${RPC_KEY})`;
  return sql`WITH
  spans AS (${spansIn(w)}),
  self AS (
    SELECT s.ServiceName AS service, s.SpanName AS op, s.isAfter AS isAfter, s.judged AS judged,
      toUInt32(toUnixTimestamp(toStartOfMinute(s.Timestamp))) AS minute,
      greatest(toInt64(s.Duration) - toInt64(c.childDuration), 0) AS selfNs${callees ? sql`, c.childServices AS childServices` : sql``}
    FROM (SELECT *, ${callees ? judged : sql`1`} AS judged FROM spans
      WHERE ${scopeCondition(scope, w)}${callees ? sql`` : sql` AND ${judged}`}) AS s
    LEFT JOIN (
      SELECT trace, parent, sum(Duration) AS childDuration${callees ? sql`, sumMap([toString(ServiceName)], [toUInt32(1)]) AS childServices` : sql``}
      FROM spans WHERE parent != 0 GROUP BY trace, parent
    ) AS c ON s.trace = c.trace AND s.id = c.parent
  ),
  -- One group per operation, from one reading of the join (a CTE named twice is evaluated twice,
  -- join and all): the operation's baseline p95, its self times after onset to hold against it, and
  -- partial states the service's own p95s and minute counts are merged from. Quantiles are
  -- quantileExactInclusive: the value ClickHouse's quantile gives up to 8,192 values (both
  -- interpolate linearly), and above that exact, where quantile samples and its answer depends on
  -- the order rows arrive in; the same data must give the same ranking.
  perOp AS (
    SELECT service, op,
      countIf(judged AND NOT isAfter) AS baseN, countIf(judged AND isAfter) AS afterN,
      quantileExactInclusiveIf(0.95)(selfNs, judged AND NOT isAfter) AS p95,
      groupArrayIf(selfNs, judged AND isAfter) AS afterSelf,
      quantileExactInclusiveStateIf(0.95)(selfNs, judged AND NOT isAfter) AS baselineP95State,
      quantileExactInclusiveStateIf(0.95)(selfNs, judged AND isAfter) AS afterP95State,
      sumMapIf([minute], [toUInt32(1)], judged AND NOT isAfter) AS baselineOpMap,
      sumMapIf([minute], [toUInt32(1)], judged AND isAfter) AS afterOpMap${
        callees
          ? sql`,
      sumMap(childServices) AS opCallees`
          : sql``
      }
    FROM self GROUP BY service, op
  )
SELECT service,
  toUInt32(sum(baseN)) AS baselineSpans,
  toUInt32(sum(afterN)) AS afterSpans,
  toFloat64(quantileExactInclusiveMerge(0.95)(baselineP95State)) / 1e6 AS baselineP95Ms,
  toFloat64(quantileExactInclusiveMerge(0.95)(afterP95State)) / 1e6 AS afterP95Ms,
  toUInt32(sumIf(afterN, baseN >= ${MIN_BASELINE_SPANS})) AS comparable,
  toUInt32(sumIf(arrayCount(x -> x > p95 + ${MIN_SLOWER_NS}, afterSelf), baseN >= ${MIN_BASELINE_SPANS})) AS slower,
  sumMap(baselineOpMap.1, baselineOpMap.2) AS baselineMap,
  sumMap(afterOpMap.1, afterOpMap.2) AS afterMap,
  baselineMap.1 AS baselineMinutes, arrayMap(n -> toUInt32(n), baselineMap.2) AS baselineMinuteSpans,
  afterMap.1 AS afterMinutes, arrayMap(n -> toUInt32(n), afterMap.2) AS afterMinuteSpans${
    callees
      ? sql`,
  sumMap(opCallees.1, opCallees.2) AS calleeMap, calleeMap.1 AS calleeServices,
  arrayMap(n -> toUInt32(n), calleeMap.2) AS calleeCalls`
      : sql``
  }
FROM perOp
GROUP BY service${
    callees
      ? sql`
ORDER BY service`
      : sql``
  }`;
}

/**
 * How far up the span tree an erroring span marks its ancestors as containing it. Four levels cover
 * caller-server → caller-internal → caller-client → callee-server, the deepest chain instrumentations
 * commonly write between two services.
 */
const ANCESTOR_LEVELS = 4;

const NO_RPC: RpcOperations = { keys: [], callees: [] };

/**
 * Erroring spans: error status, or an error-severity log written inside the span (many services log
 * the exception and never set span status). An error is *propagated* when the span has an erroring
 * descendant of another service — found by walking up to {@link ANCESTOR_LEVELS} parents from every
 * erroring span — or when its only evidence is error logs naming a service it calls (see
 * named-dependencies.ts), and originates in the span otherwise. Descent, not time overlap: with millisecond
 * timestamps a caller's client span can cover exactly the callee's server span, and the callee's own
 * error must not read as inherited from its caller.
 *
 * A failed call to another service (a span of an `rpc` operation) is the call's outcome, never the
 * caller's own error: either the callee's error, which is propagated anyway, or a transport failure
 * (refused, timed out, lost) with no failing callee span under it, which the edge signals judge.
 *
 * One scan of the spans: each trace holding an erroring span becomes parallel arrays (ids, parents,
 * services), each span's parent becomes an array index once, and the walk up is index lookups in
 * that array — where a self-join per level would read the spans again for every level.
 */
export async function queryErrorSpans(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
  dependencies: NamedDependencies = { callers: [], patterns: [] },
  rpc: RpcOperations = NO_RPC,
): Promise<ErrorSpanRow[]> {
  // ancestor(k) is the index of the k-th parent of the erroring span `i` (0 when there is none:
  // ClickHouse arrays are 1-based and index 0 reads as the default). raw() is safe: the text is
  // built from the constant level numbers, never from input.
  const ancestor = (k: number): string => (k === 0 ? 'i' : `parentIdx[${ancestor(k - 1)}]`);
  const chain = raw(`[${Array.from({ length: ANCESTOR_LEVELS }, (_, k) => ancestor(k + 1)).join(', ')}]`);
  return store.query<ErrorSpanRow>(sql`WITH
  errorLogSpans AS (
    SELECT TraceId, SpanId,
      min(${namesDependencySql(dependencies)}) AS namesDependency
    FROM otel_logs
    WHERE ${logsIn(w)} AND SpanId != '' AND ${IS_ERROR_LOG}
    GROUP BY TraceId, SpanId
  ),
  traces AS (
    SELECT TraceId AS traceId, groupArray(SpanId) AS ids, groupArray(ParentSpanId) AS parents,
      groupArray(ServiceName) AS services, groupArray(Timestamp) AS times,
      groupArray(toUInt8(has(${rpc.keys}, ${RPC_KEY}))) AS rpc,
      groupArray(toUInt8((StatusCode = 'Error' OR (TraceId, SpanId) IN (SELECT TraceId, SpanId FROM errorLogSpans))
        AND ${scopeCondition(scope, w)})) AS erroring,
      -- Erroring only by error logs that all name a service it calls: the dependency's error.
      groupArray(toUInt8(StatusCode != 'Error'
        AND (TraceId, SpanId) IN (SELECT TraceId, SpanId FROM errorLogSpans WHERE namesDependency))) AS namedOnly
    FROM otel_traces
    -- Only traces that may hold an erroring span are grouped into arrays (most hold none): a
    -- superset of the ones HAVING keeps, found from two narrow columns.
    WHERE ${inWindows(w)} AND TraceId IN (
      SELECT TraceId FROM otel_traces WHERE ${inWindows(w)} AND StatusCode = 'Error'
      UNION ALL SELECT TraceId FROM errorLogSpans)
    GROUP BY TraceId
    HAVING has(erroring, 1)
  ),
  walked AS (
    SELECT traceId, ids, services, times, namedOnly, rpc, arrayFilter(i -> erroring[i] = 1, arrayEnumerate(ids)) AS errIdx,
      arrayMap(p -> if(p = '', 0, indexOf(ids, p)), parents) AS parentIdx,
      -- Spans (by id) with an erroring descendant of another service within the levels walked; a
      -- failed call to another service counts as such a descendant for the caller's spans above it.
      arrayDistinct(arrayFlatten(arrayMap(i -> arrayMap(a -> ids[a],
        arrayFilter(a -> a > 0 AND (services[a] != services[i] OR rpc[i] = 1), ${chain})), errIdx))) AS containing
    FROM traces
  ),
  perMinute AS (
    SELECT service, isAfter, propagated, named, minute, count() AS n,
      arraySlice(arraySort(groupUniqArray(traceId)), 1, 3) AS traces, min(ts) AS first
    FROM (
      SELECT services[e] AS service, times[e] AS ts, ts >= ${w.onset} AS isAfter, namedOnly[e] = 1 AS named,
        has(containing, ids[e]) OR named OR rpc[e] = 1 AS propagated,
        traceId, toUInt32(toUnixTimestamp(toStartOfMinute(ts))) AS minute
      FROM walked ARRAY JOIN errIdx AS e
    )
    GROUP BY service, isAfter, propagated, named, minute
  )
SELECT service,
  toUInt32(sumIf(n, NOT isAfter AND NOT propagated)) AS baselineOwn,
  toUInt32(sumIf(n, isAfter AND NOT propagated)) AS afterOwn,
  toUInt32(sumIf(n, NOT isAfter AND propagated)) AS baselinePropagated,
  toUInt32(sumIf(n, isAfter AND propagated)) AS afterPropagated,
  toUInt32(sumIf(n, isAfter AND named)) AS afterNamed,
  arraySlice(arraySort(arrayDistinct(arrayFlatten(groupArrayIf(traces, isAfter AND NOT propagated)))), 1, 3) AS exemplars,
  if(sumIf(n, isAfter AND NOT propagated) > 0, toString(minIf(first, isAfter AND NOT propagated)), '') AS firstOwnError,
  groupArrayIf(minute, NOT isAfter AND NOT propagated) AS ownMinutes,
  groupArrayIf(toUInt32(n), NOT isAfter AND NOT propagated) AS ownCounts,
  groupArray(minute) AS errorMinutes, groupArray(toUInt32(n)) AS errorCounts
FROM perMinute GROUP BY service`);
}

/** Which service calls which, from parent/child spans in different services, over both windows. */
export async function queryCallEdges(store: TelemetryStore, w: AnalysisWindow): Promise<CallEdgeRow[]> {
  return store.query<CallEdgeRow>(sql`WITH
  spans AS (
    SELECT ${TRACE_KEY} AS trace, ${SPAN_KEY} AS id, ${PARENT_KEY} AS parent, ServiceName
    FROM otel_traces WHERE ${inWindows(w)}
  )
SELECT p.ServiceName AS caller, c.ServiceName AS callee, toUInt32(count()) AS calls
FROM (SELECT * FROM spans WHERE parent != 0) AS c INNER JOIN spans AS p ON c.trace = p.trace AND c.parent = p.id
WHERE p.ServiceName != c.ServiceName
GROUP BY caller, callee`);
}
