export {
  type BatchWriter,
  type BatchWriterOptions,
  createBatchWriter,
  QueueFullError,
} from './batch-writer.ts';
export { type ChdbTelemetryStoreOptions, createChdbTelemetryStore } from './chdb-telemetry-store.ts';
export {
  type ClickHouseTelemetryStoreOptions,
  type ClickHouseTransport,
  createClickHouseTelemetryStore,
} from './clickhouse-telemetry-store.ts';
export {
  loadTelemetryMigrations,
  type MigrateTelemetryOptions,
  type MigrateTelemetryResult,
  migrateTelemetry,
  type TelemetryMigration,
  type TelemetryMigrationContext,
} from './migrations.ts';
export { type OpenTelemetryStoreOptions, openTelemetryStore } from './open-telemetry-store.ts';
export { encodeJsonEachRow, JSON_READY, stringifyRow } from './row-format.ts';
export {
  ident,
  join,
  param,
  raw,
  type SqlFragment,
  type SqlInterpolation,
  type SqlParamValue,
  type SqlQuery,
  type SqlValue,
  sql,
} from './sql.ts';
export { TelemetryQueryError } from './telemetry-errors.ts';
export type { TelemetryStore } from './telemetry-store.ts';
export { type InstantRange, inInstantRange, instant, instantOfSeconds } from './time-bounds.ts';
