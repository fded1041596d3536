import {
  inInstantRange,
  param,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import { CALLEE_KINDS, CALLER_KINDS } from './otel-vocabulary.ts';
import { pairedCalls } from './service-graph-pairing.ts';
import type { TimeRange } from './time-range.ts';

/** The minutes `[from, to)` whose edges are in cairn_service_edges_1m; both minute-aligned. */
export type EdgeProgress = TimeRange;

/** The only SQL over cairn_service_edges_1m and cairn_service_edges_progress (migration 0004). */
export interface ServiceEdgesStore {
  /** The materialised minutes, or null before the job's first run. */
  progress(): Promise<EdgeProgress | null>;
  /** Records that `[from, to)` is materialised. */
  recordProgress(progress: EdgeProgress, at: Date): Promise<void>;
  /** The start of the first minute in `window` with a caller or callee span; null without one. */
  firstSpanMinute(window: TimeRange): Promise<Date | null>;
  /** Pairs the calls anchored in the minutes `[window.from, window.to)` and inserts their edge rows. */
  materialise(window: TimeRange): Promise<void>;
  /**
   * Deletes edge rows at or after `minute`; returns whether there were any. Such rows exist only when
   * a run inserted them and stopped before recording progress.
   */
  discardFrom(minute: Date): Promise<boolean>;
}

/** The seconds of a minute-aligned Date, bound as a DateTime (the Minute columns' type). */
function minuteParam(date: Date) {
  return param(Math.floor(date.getTime() / 1000), 'UInt32');
}

/**
 * Per (Source, Target), the edge rows of the minutes in `window` merged into the columns
 * {@link liveEdgeStates} returns, so the two can be unioned.
 */
export function materialisedEdgeStates(window: TimeRange): SqlFragment {
  return sql`
    SELECT Source, Target, any(TargetKind) AS TargetKind,
           sum(Calls) AS Calls, sum(Errors) AS Errors,
           quantilesMergeState(0.5, 0.99)(Durations) AS Durations
    FROM cairn_service_edges_1m
    WHERE Minute >= toDateTime(${minuteParam(window.from)}) AND Minute < toDateTime(${minuteParam(window.to)})
    GROUP BY Source, Target`;
}

/** The (Source, Target) pairs of the edge table's closed minutes in `window`. */
export function materialisedEdgePairs(window: TimeRange): SqlFragment {
  return sql`
    SELECT Source, Target FROM cairn_service_edges_1m
    WHERE Minute >= toDateTime(${minuteParam(window.from)}) AND Minute < toDateTime(${minuteParam(window.to)})`;
}

/** Creates the edge-table queries over `telemetry`. */
export function createServiceEdgesStore(telemetry: TelemetryStore): ServiceEdgesStore {
  return {
    async progress() {
      const [row] = await telemetry.query<{ n: number; fromS: number; toS: number }>(sql`
        SELECT toUInt32(count()) AS n, toUInt32(min(FromMinute)) AS fromS, toUInt32(max(ToMinute)) AS toS
        FROM cairn_service_edges_progress`);
      if (!row || row.n === 0) return null;
      return { from: new Date(row.fromS * 1000), to: new Date(row.toS * 1000) };
    },

    async recordProgress(progress, at) {
      await telemetry.insert('cairn_service_edges_progress', [
        { FromMinute: progress.from, ToMinute: progress.to, UpdatedAt: at },
      ]);
    },

    async firstSpanMinute(window) {
      const [row] = await telemetry.query<{ n: number; m: number }>(sql`
        SELECT toUInt32(count()) AS n, toUInt32(toStartOfMinute(min(Timestamp))) AS m
        FROM otel_traces
        WHERE ${inInstantRange('Timestamp', window)}
          AND (SpanKind IN ${CALLER_KINDS} OR SpanKind IN ${CALLEE_KINDS})`);
      return row && row.n > 0 ? new Date(row.m * 1000) : null;
    },

    async materialise(window) {
      await telemetry.command(sql`
        INSERT INTO cairn_service_edges_1m (Minute, Source, Target, TargetKind, Calls, Errors, Durations)
        SELECT toStartOfMinute(fromUnixTimestamp64Milli(AnchorMs)) AS Minute, Source, Target,
               any(TargetKind), count(), countIf(Failed), quantilesState(0.5, 0.99)(CallDuration)
        FROM (${pairedCalls([window])})
        GROUP BY Minute, Source, Target`);
    },

    async discardFrom(minute) {
      const [row] = await telemetry.query<{ n: number }>(sql`
        SELECT toUInt32(count()) AS n FROM cairn_service_edges_1m
        WHERE Minute >= toDateTime(${minuteParam(minute)})`);
      if (!row || row.n === 0) return false;
      // Lightweight delete: synchronous, and rare (only after an interrupted run).
      await telemetry.command(sql`
        DELETE FROM cairn_service_edges_1m WHERE Minute >= toDateTime(${minuteParam(minute)})`);
      return true;
    },
  };
}
