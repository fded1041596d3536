import type { TelemetryMigration } from '../migrations.ts';
import { raw, type SqlFragment, sql } from '../sql.ts';

/**
 * Per-minute service-graph edges (docs/adr/0003-service-graph.md), written by the leader-elected
 * `service-edges-materialize` job rather than a materialized view: an edge needs the caller and the
 * callee span, which arrive in different inserts, so it can only be computed once a minute is closed.
 *
 * - `cairn_service_edges_1m`: one row per (minute, source, target) for the calls anchored in that
 *   minute (the caller's start, or the callee's without a traced caller). Counts are plain sums and
 *   the durations a `quantiles` state, so any set of minutes merges into edge, per-target and
 *   per-source totals with the same algorithm the live query uses.
 * - `cairn_service_edges_progress`: which minutes are materialised, `[FromMinute, ToMinute)`.
 *   ToMinute only grows, so it is the version: a merge keeps the newest row, and readers take max().
 */
export const migration: TelemetryMigration = {
  version: 4,
  name: 'service-edges-per-minute',
  statements: (ctx) => {
    const days = Math.trunc(ctx.retentionDays);
    if (!(days > 0))
      throw new Error(
        `service-edges-per-minute: retentionDays must be a positive integer, got ${ctx.retentionDays}`,
      );
    // raw() is safe: `days` is a validated positive integer, never input text.
    return [edgesTable(raw(`TTL Minute + toIntervalDay(${days})`)), progressTable()];
  },
};

function edgesTable(ttl: SqlFragment): SqlFragment {
  return sql`CREATE TABLE IF NOT EXISTS cairn_service_edges_1m
(
    Minute DateTime CODEC(Delta, ZSTD(1)),
    Source LowCardinality(String),
    Target LowCardinality(String),
    TargetKind SimpleAggregateFunction(any, String),
    Calls SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    Durations AggregateFunction(quantiles(0.5, 0.99), UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (Minute, Source, Target)
${ttl}
SETTINGS ttl_only_drop_parts = 1`;
}

function progressTable(): SqlFragment {
  return sql`CREATE TABLE IF NOT EXISTS cairn_service_edges_progress
(
    FromMinute DateTime,
    ToMinute DateTime,
    UpdatedAt DateTime64(3)
)
ENGINE = ReplacingMergeTree(ToMinute)
ORDER BY tuple()`;
}
