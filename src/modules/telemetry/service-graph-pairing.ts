import { inInstantRange, join, type SqlFragment, sql } from '../../stores/telemetry/index.ts';
import {
  CALLEE_KINDS,
  CALLER_KINDS,
  DATABASE_PEER_ATTRIBUTES,
  EXTERNAL_PEER_ATTRIBUTES,
  STATUS_CODE,
  USER_NODE,
} from './otel-vocabulary.ts';
import type { TimeRange } from './time-range.ts';

/**
 * How far outside a window spans are read so that a pair straddling its boundary is still paired;
 * a pair counts in the window its caller (or, without one, its callee) started in.
 */
export const PAIRING_SLACK_MS = 60_000;

/** The first non-empty attribute among `keys`, as a SQL expression over SpanAttributes. */
function firstAttribute(keys: readonly string[]): SqlFragment {
  let expr = sql`''`;
  for (const key of [...keys].reverse()) {
    expr = sql`if(SpanAttributes[${key}] != '', SpanAttributes[${key}], ${expr})`;
  }
  return expr;
}

/**
 * One row per call anchored in any of `windows`: `Source`, `Target`, `TargetKind`, `Failed`,
 * `CallDuration` (ns) and `AnchorMs` (epoch ms of the caller's start, or the callee's without one).
 *
 * Pairs caller and callee spans by grouping on (TraceId, PairKey): a caller's key is its own
 * SpanId, a callee's is its ParentSpanId, so one aggregation replaces a self-join (Tempo's pairing
 * rules, computed over the windows instead of an in-memory store with expiry). The key is hashed to
 * one UInt64: grouping on it is several times cheaper than on two strings, and a collision within
 * one query's spans is vanishingly unlikely (and would only misattribute one call).
 *
 * Several windows (the un-materialised head and tail of a range) are paired in one pass; spans are
 * read from each window widened by {@link PAIRING_SLACK_MS} on both sides.
 */
export function pairedCalls(windows: readonly TimeRange[]): SqlFragment {
  if (windows.length === 0) throw new Error('pairedCalls: at least one window is required');
  const read = join(
    windows.map(
      (w) =>
        sql`(${inInstantRange('Timestamp', {
          from: new Date(w.from.getTime() - PAIRING_SLACK_MS),
          to: new Date(w.to.getTime() + PAIRING_SLACK_MS),
        })})`,
    ),
    ' OR ',
  );
  const anchored = join(
    windows.map((w) => sql`(AnchorMs >= ${w.from.getTime()} AND AnchorMs < ${w.to.getTime()})`),
    ' OR ',
  );
  const database = firstAttribute(DATABASE_PEER_ATTRIBUTES);
  const external = firstAttribute(EXTERNAL_PEER_ATTRIBUTES);
  return sql`
      SELECT
        if(Callers > 0, CallerService, ${USER_NODE}) AS Source,
        if(Callees > 0, CalleeService, if(CallerDatabase != '', CallerDatabase, CallerExternal)) AS Target,
        multiIf(Callees > 0, 'service', CallerDatabase != '', 'database', 'external') AS TargetKind,
        CallerError OR CalleeError AS Failed,
        if(Callers > 0, CallerDuration, CalleeDuration) AS CallDuration,
        AnchorMs
      FROM (
        SELECT
          countIf(IsCaller) AS Callers,
          countIf(NOT IsCaller) AS Callees,
          anyIf(ServiceName, IsCaller) AS CallerService,
          anyIf(ServiceName, NOT IsCaller) AS CalleeService,
          maxIf(IsError, IsCaller) AS CallerError,
          maxIf(IsError, NOT IsCaller) AS CalleeError,
          anyIf(Duration, IsCaller) AS CallerDuration,
          anyIf(Duration, NOT IsCaller) AS CalleeDuration,
          if(Callers > 0, minIf(StartMs, IsCaller), min(StartMs)) AS AnchorMs,
          anyIf(Database, IsCaller) AS CallerDatabase,
          anyIf(External, IsCaller) AS CallerExternal
        FROM (
          SELECT
            SpanKind IN ${CALLER_KINDS} AS IsCaller,
            cityHash64(TraceId, if(IsCaller, SpanId, ParentSpanId)) AS PairKey,
            ServiceName, Duration,
            -- Int64 milliseconds: min() over DateTime64 is several times slower per group.
            toUnixTimestamp64Milli(Timestamp) AS StartMs,
            StatusCode = ${STATUS_CODE.error} AS IsError,
            if(IsCaller, ${database}, '') AS Database,
            if(IsCaller, ${external}, '') AS External
          FROM otel_traces
          WHERE (${read})
            AND (SpanKind IN ${CALLER_KINDS} OR SpanKind IN ${CALLEE_KINDS})
        )
        GROUP BY PairKey
      )
      WHERE (${anchored})
        AND ((Callees > 0 AND (Callers = 0 OR CallerService != CalleeService))
          OR (Callees = 0 AND (CallerDatabase != '' OR CallerExternal != '')))`;
}

/**
 * Per (Source, Target), the calls of {@link pairedCalls} as the columns of cairn_service_edges_1m
 * (minus Minute): sums and a `quantiles(0.5, 0.99)` state, so live and materialised rows merge.
 */
export function liveEdgeStates(windows: readonly TimeRange[]): SqlFragment {
  return sql`
    SELECT Source, Target, any(TargetKind) AS TargetKind,
           count() AS Calls, countIf(Failed) AS Errors,
           quantilesState(0.5, 0.99)(CallDuration) AS Durations
    FROM (${pairedCalls(windows)})
    GROUP BY Source, Target`;
}
