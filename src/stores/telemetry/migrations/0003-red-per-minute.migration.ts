import type { TelemetryMigration } from '../migrations.ts';
import { raw, type SqlFragment, sql } from '../sql.ts';

/**
 * Per-minute RED (rate, errors, duration) per service and operation, kept beside otel_traces by a
 * materialized view so RED over days reads thousands of pre-aggregated rows instead of every span.
 *
 * Only Server and Consumer spans count: they are the requests a service itself serves; its Client
 * spans are its callees' requests and belong to their RED. The aggregate states merge across
 * minutes and operations, so one table answers per-operation, per-service and any coarser step.
 *
 * The view sees rows inserted after it exists; spans written before (e.g. by a Collector into a
 * ClickHouse Cairn was pointed at later) are not backfilled by this migration.
 */
export const migration: TelemetryMigration = {
  version: 3,
  name: 'red-per-minute',
  statements: (ctx) => {
    const days = Math.trunc(ctx.retentionDays);
    if (!(days > 0))
      throw new Error(`red-per-minute: retentionDays must be a positive integer, got ${ctx.retentionDays}`);
    // raw() is safe: `days` is a validated positive integer, never input text.
    return [redTable(raw(`TTL Minute + toIntervalDay(${days})`)), redView()];
  },
};

function redTable(ttl: SqlFragment): SqlFragment {
  return sql`CREATE TABLE IF NOT EXISTS cairn_red_1m
(
    Minute DateTime CODEC(Delta, ZSTD(1)),
    ServiceName LowCardinality(String),
    SpanName LowCardinality(String),
    Calls AggregateFunction(count),
    Errors AggregateFunction(countIf, UInt8),
    DurationQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(Minute)
ORDER BY (ServiceName, SpanName, Minute)
${ttl}
SETTINGS ttl_only_drop_parts = 1`;
}

function redView(): SqlFragment {
  return sql`CREATE MATERIALIZED VIEW IF NOT EXISTS cairn_red_1m_mv
TO cairn_red_1m
AS SELECT
    toDateTime(toStartOfMinute(Timestamp)) AS Minute,
    ServiceName,
    SpanName,
    countState() AS Calls,
    countIfState(StatusCode = 'Error') AS Errors,
    quantilesState(0.5, 0.95, 0.99)(Duration) AS DurationQuantiles
FROM otel_traces
WHERE SpanKind IN ('Server', 'Consumer')
GROUP BY Minute, ServiceName, SpanName`;
}
