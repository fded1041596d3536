import type { TelemetryMigration } from '../migrations.ts';
import { sql } from '../sql.ts';

/**
 * The bookkeeping table. ReplacingMergeTree keyed by version because two Cairn processes migrating at
 * once can both record the same version; the duplicates collapse and readers use FINAL meanwhile.
 */
export const migration: TelemetryMigration = {
  version: 1,
  name: 'schema-migrations',
  statements: () => [
    sql`CREATE TABLE IF NOT EXISTS cairn_schema_migrations
(
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version`,
  ],
};
