import { readdir } from 'node:fs/promises';
import { type SqlQuery, sql } from './sql.ts';
import type { TelemetryStore } from './telemetry-store.ts';

/** What a migration's statements may depend on. */
export interface TelemetryMigrationContext {
  readonly database: string;
  /** TTL for telemetry tables, from configuration. */
  readonly retentionDays: number;
}

/**
 * One step of the telemetry schema. Statements must be idempotent (`CREATE … IF NOT EXISTS`,
 * `ADD COLUMN IF NOT EXISTS`): two processes may race to apply the same version, and a crash between
 * a statement and the bookkeeping row re-runs the whole step.
 */
export interface TelemetryMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: (ctx: TelemetryMigrationContext) => SqlQuery[];
}

/** Options for {@link migrateTelemetry}. */
export interface MigrateTelemetryOptions {
  readonly retentionDays: number;
  /** Defaults to the migrations in ./migrations (see {@link loadTelemetryMigrations}). */
  readonly migrations?: readonly TelemetryMigration[];
}

/** What {@link migrateTelemetry} did. */
export interface MigrateTelemetryResult {
  /** Versions applied by this call, in order. */
  readonly applied: number[];
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{4})-[a-z0-9-]+\.migration\.(ts|js)$/;

/**
 * Loads every `migrations/NNNN-name.migration.ts`, so adding a migration is adding one file. Each file
 * exports `migration`, whose version must equal its file number; versions must run 1, 2, 3… without gaps.
 */
export async function loadTelemetryMigrations(): Promise<TelemetryMigration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const migrations: TelemetryMigration[] = [];
  for (const file of files) {
    const mod: { migration?: TelemetryMigration } = await import(new URL(file, MIGRATIONS_DIR).href);
    const expected = Number(MIGRATION_FILE.exec(file)?.[1]);
    if (mod.migration?.version !== expected) {
      throw new Error(`Telemetry migration ${file} must export \`migration\` with version ${expected}`);
    }
    migrations.push(mod.migration);
  }
  checkSequence(migrations);
  return migrations;
}

/**
 * Creates the database if missing and applies pending migrations in version order. Safe to run
 * twice and safe when processes race (see {@link TelemetryMigration}).
 */
export async function migrateTelemetry(
  store: TelemetryStore,
  options: MigrateTelemetryOptions,
): Promise<MigrateTelemetryResult> {
  const migrations = [...(options.migrations ?? (await loadTelemetryMigrations()))].sort(
    (a, b) => a.version - b.version,
  );
  checkSequence(migrations);
  await store.createDatabase();
  const done = await appliedVersions(store);
  const ctx: TelemetryMigrationContext = { database: store.database, retentionDays: options.retentionDays };
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(ctx)) await store.command(statement);
    await store.insert('cairn_schema_migrations', [
      { version: migration.version, name: migration.name, applied_at: new Date() },
    ]);
    applied.push(migration.version);
  }
  return { applied };
}

async function appliedVersions(store: TelemetryStore): Promise<Set<number>> {
  // Before migration 1 there is no bookkeeping table to read.
  const [exists] = await store.query<{ n: number }>(
    sql`SELECT toUInt8(count()) AS n FROM system.tables
        WHERE database = ${store.database} AND name = 'cairn_schema_migrations'`,
  );
  if (!exists || exists.n === 0) return new Set();
  const rows = await store.query<{ version: number }>(
    sql`SELECT DISTINCT version FROM cairn_schema_migrations FINAL`,
  );
  return new Set(rows.map((r) => r.version));
}

function checkSequence(migrations: readonly TelemetryMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Telemetry migrations must be numbered 1, 2, 3…; found ${m.version} at position ${i + 1}`,
      );
    }
  });
}
