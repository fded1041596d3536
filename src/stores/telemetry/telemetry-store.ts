import type { SqlQuery } from './sql.ts';

/**
 * ClickHouse SQL over either embedded chDB or a ClickHouse server: same DDL, same queries.
 *
 * Result conventions, identical on both implementations because each forces the same settings:
 * - rows are JSONEachRow objects;
 * - 64-bit integers (Int64/UInt64, and so `count()`) arrive as decimal strings, the ClickHouse server
 *   default (`output_format_json_quote_64bit_integers = 1`): lossless past 2^53. Cast in SQL
 *   (`toUInt32(count())`, `toFloat64(…)`) when a JS number is wanted;
 * - DateTime/DateTime64 values are read and written as UTC text (`session_timezone = 'UTC'`),
 *   e.g. `'2026-01-01 00:00:00.123'`.
 */
export interface TelemetryStore {
  /** The ClickHouse database all tables live in; unqualified table names resolve to it. */
  readonly database: string;
  readonly kind: 'chdb' | 'clickhouse';
  /** Runs a SELECT and returns its rows. Throws `TelemetryQueryError` when ClickHouse rejects it. */
  query<T>(q: SqlQuery): Promise<T[]>;
  /** Runs DDL or another statement without a result. */
  command(q: SqlQuery): Promise<void>;
  /**
   * Inserts rows as JSONEachRow into `database.table`; resolves only once ClickHouse has written
   * them. `Date` values are written as UTC text and `bigint` values as decimal strings.
   */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /**
   * Inserts rows the caller has already encoded as JSONEachRow UTF-8 (one JSON object per line, each
   * line ending in `\n`); resolves once ClickHouse has written them. The batch writer encodes each
   * write as it arrives, so an insert starts the moment its batch is due, and span ingest writes the
   * text straight from the request's bytes.
   */
  insertJsonEachRow(table: string, text: Uint8Array): Promise<void>;
  /**
   * Creates `database` if it is missing. Separate from `command` because a ClickHouse server refuses
   * every request that selects a database which does not exist yet, including `CREATE DATABASE`.
   */
  createDatabase(): Promise<void>;
  /** Resolves when the store can take queries; throws `UnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Waits for running operations, then releases the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Settings both implementations apply to every query so results do not depend on which engine or
 * server default is in effect (see {@link TelemetryStore}).
 */
export const TELEMETRY_QUERY_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  session_timezone: 'UTC',
} as const;
