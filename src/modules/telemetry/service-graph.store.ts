import type { TelemetryStore } from '../../stores/telemetry/index.ts';
import { type SqlFragment, sql } from '../../stores/telemetry/index.ts';
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
 * How far outside the range spans are read so that a pair straddling a boundary is still paired;
 * a pair counts in the range its caller (or, without one, its callee) started in.
 */
const PAIRING_SLACK_MS = 60_000;

/** Request totals of one edge or node, durations in ms. */
export interface CallStats {
  calls: number;
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One aggregate row: an edge, all calls into a target, or all calls out of a source. */
export interface GraphRow extends CallStats {
  level: 'edge' | 'target' | 'source';
  source: string;
  target: string;
  targetKind: 'service' | 'database' | 'external' | 'user';
}

/** A service's own requests (its Server and Consumer spans). */
export interface ServiceStatsRow extends CallStats {
  service: string;
}

interface RawGraphRow {
  g: number;
  Source: string;
  Target: string;
  TargetKind: GraphRow['targetKind'];
  calls: number;
  errors: number;
  q: [number, number];
}

interface RawServiceRow {
  ServiceName: string;
  calls: number;
  errors: number;
  q: [number, number];
}

/** The SQL behind the service graph; see docs/adr/0003-service-graph.md for why it pairs at query time. */
export interface ServiceGraphStore {
  /** Edges plus per-target and per-source totals, in one pass over the range's spans. */
  graphRows(range: TimeRange): Promise<GraphRow[]>;
  /** Per service, its Server/Consumer spans in the range. */
  serviceStats(range: TimeRange): Promise<ServiceStatsRow[]>;
}

/** Creates the service-graph queries over `telemetry`. */
export function createServiceGraphStore(telemetry: TelemetryStore): ServiceGraphStore {
  return {
    async graphRows(range) {
      const rows = await telemetry.query<RawGraphRow>(graphQuery(range));
      return rows.map((row) => ({
        // grouping(Source, Target) sets bit 1 when Source is not grouped, bit 0 for Target.
        level: row.g === 0 ? 'edge' : row.g === 1 ? 'source' : 'target',
        source: row.Source,
        target: row.Target,
        targetKind: row.TargetKind,
        ...stats(row),
      }));
    },
    async serviceStats(range) {
      const rows = await telemetry.query<RawServiceRow>(sql`
        SELECT ServiceName,
               toUInt32(count()) AS calls,
               toUInt32(countIf(StatusCode = ${STATUS_CODE.error})) AS errors,
               quantiles(0.5, 0.99)(Duration) AS q
        FROM otel_traces
        WHERE Timestamp >= ${range.from} AND Timestamp < ${range.to} AND SpanKind IN ${CALLEE_KINDS}
        GROUP BY ServiceName
        ORDER BY ServiceName`);
      return rows.map((row) => ({ service: row.ServiceName, ...stats(row) }));
    },
  };
}

function stats(row: { calls: number; errors: number; q: [number, number] }): CallStats {
  const has = row.calls > 0;
  return {
    calls: row.calls,
    errors: row.errors,
    p50Ms: has ? nsToMs(row.q[0]) : null,
    p99Ms: has ? nsToMs(row.q[1]) : null,
  };
}

function nsToMs(ns: number): number {
  return Math.round(ns / 1000) / 1000;
}

/** The first non-empty attribute among `keys`, as a SQL expression over SpanAttributes. */
function firstAttribute(keys: readonly string[]): SqlFragment {
  let expr = sql`''`;
  for (const key of [...keys].reverse()) {
    expr = sql`if(SpanAttributes[${key}] != '', SpanAttributes[${key}], ${expr})`;
  }
  return expr;
}

/**
 * Pairs caller and callee spans by grouping on (TraceId, PairKey): a caller's key is its own
 * SpanId, a callee's is its ParentSpanId, so one aggregation replaces a self-join (Tempo's pairing
 * rules, computed over the range instead of an in-memory store with expiry). The key is hashed to
 * one UInt64: grouping on it is several times cheaper than on two strings, and a collision within
 * one range's spans is vanishingly unlikely (and would only misattribute one call).
 */
function graphQuery(range: TimeRange): SqlFragment {
  const readFrom = new Date(range.from.getTime() - PAIRING_SLACK_MS);
  const readTo = new Date(range.to.getTime() + PAIRING_SLACK_MS);
  const database = firstAttribute(DATABASE_PEER_ATTRIBUTES);
  const external = firstAttribute(EXTERNAL_PEER_ATTRIBUTES);
  return sql`
    SELECT toUInt8(grouping(Source, Target)) AS g, Source, Target, any(TargetKind) AS TargetKind,
           toUInt32(count()) AS calls, toUInt32(countIf(Failed)) AS errors,
           quantiles(0.5, 0.99)(CallDuration) AS q
    FROM (
      SELECT
        if(Callers > 0, CallerService, ${USER_NODE}) AS Source,
        if(Callees > 0, CalleeService, if(CallerDatabase != '', CallerDatabase, CallerExternal)) AS Target,
        multiIf(Callees > 0, 'service', CallerDatabase != '', 'database', 'external') AS TargetKind,
        CallerError OR CalleeError AS Failed,
        if(Callers > 0, CallerDuration, CalleeDuration) AS CallDuration
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
          WHERE Timestamp >= ${readFrom} AND Timestamp < ${readTo}
            AND (SpanKind IN ${CALLER_KINDS} OR SpanKind IN ${CALLEE_KINDS})
        )
        GROUP BY PairKey
      )
      WHERE AnchorMs >= ${range.from.getTime()} AND AnchorMs < ${range.to.getTime()}
        AND ((Callees > 0 AND (Callers = 0 OR CallerService != CalleeService))
          OR (Callees = 0 AND (CallerDatabase != '' OR CallerExternal != '')))
    )
    GROUP BY GROUPING SETS ((Source, Target), (Target), (Source))
    ORDER BY g, Source, Target`;
}
