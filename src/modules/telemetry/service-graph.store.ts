import {
  inInstantRange,
  join,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import { CALLEE_KINDS, STATUS_CODE } from './otel-vocabulary.ts';
import {
  createServiceEdgesStore,
  materialisedEdgePairs,
  materialisedEdgeStates,
} from './service-edges.store.ts';
import { liveEdgeStates, pairedCalls } from './service-graph-pairing.ts';
import { type GraphReadPlan, planGraphRead } from './service-graph-plan.ts';
import type { TimeRange } from './time-range.ts';

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

/**
 * The SQL behind the service graph: closed minutes merged from cairn_service_edges_1m, the rest
 * paired at query time (docs/adr/0003-service-graph.md).
 */
export interface ServiceGraphStore {
  /** Edges plus per-target and per-source totals of the calls anchored in the range. */
  graphRows(range: TimeRange): Promise<GraphRow[]>;
  /** Per service, its Server/Consumer spans in the range. */
  serviceStats(range: TimeRange): Promise<ServiceStatsRow[]>;
  /** Which source calls which target in the range, without counts or latencies. */
  edgePairs(range: TimeRange): Promise<{ source: string; target: string }[]>;
}

/** Creates the service-graph queries over `telemetry`. */
export function createServiceGraphStore(telemetry: TelemetryStore): ServiceGraphStore {
  const edges = createServiceEdgesStore(telemetry);
  return {
    async graphRows(range) {
      const plan = planGraphRead(range, await edges.progress());
      const rows = await telemetry.query<RawGraphRow>(graphQuery(plan));
      return rows.map((row) => ({
        // grouping(Source, Target) sets bit 1 when Source is not grouped, bit 0 for Target.
        level: row.g === 0 ? 'edge' : row.g === 1 ? 'source' : 'target',
        source: row.Source,
        target: row.Target,
        targetKind: row.TargetKind,
        ...stats(row),
      }));
    },
    async edgePairs(range) {
      const plan = planGraphRead(range, await edges.progress());
      const parts: SqlFragment[] = [];
      if (plan.materialised) parts.push(materialisedEdgePairs(plan.materialised));
      if (plan.live.length > 0) parts.push(sql`SELECT Source, Target FROM (${pairedCalls(plan.live)})`);
      if (parts.length === 0) return [];
      const rows = await telemetry.query<{ Source: string; Target: string }>(sql`
        SELECT DISTINCT Source, Target FROM (${join(parts, ' UNION ALL ')}) ORDER BY Source, Target`);
      return rows.map((row) => ({ source: row.Source, target: row.Target }));
    },
    async serviceStats(range) {
      const rows = await telemetry.query<RawServiceRow>(sql`
        SELECT ServiceName,
               toUInt32(count()) AS calls,
               toUInt32(countIf(StatusCode = ${STATUS_CODE.error})) AS errors,
               quantiles(0.5, 0.99)(Duration) AS q
        FROM otel_traces
        WHERE ${inInstantRange('Timestamp', range)} AND SpanKind IN ${CALLEE_KINDS}
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

/**
 * Edges plus per-target and per-source totals in one GROUPING SETS pass over the merged states of
 * the plan's parts (see {@link planGraphRead}): a state merges the same way whether it comes from
 * the edge table or from live pairing, so node totals are exact sums of the edges' calls and errors.
 */
function graphQuery(plan: GraphReadPlan): SqlFragment {
  const parts: SqlFragment[] = [];
  if (plan.materialised) parts.push(materialisedEdgeStates(plan.materialised));
  if (plan.live.length > 0) parts.push(liveEdgeStates(plan.live));
  return sql`
    SELECT toUInt8(grouping(Source, Target)) AS g, Source, Target, any(TargetKind) AS TargetKind,
           toUInt32(sum(Calls)) AS calls, toUInt32(sum(Errors)) AS errors,
           quantilesMerge(0.5, 0.99)(Durations) AS q
    FROM (${join(parts, ' UNION ALL ')})
    GROUP BY GROUPING SETS ((Source, Target), (Target), (Source))
    ORDER BY g, Source, Target`;
}
