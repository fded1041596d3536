import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { UnavailableError } from '../../kernel/errors.ts';
import { stateMigrations } from './migrations/index.ts';
import { adaptNodeSqlite, openSqliteFile } from './node-sqlite-adapter.ts';
import type { StateDatabase } from './schema.ts';

export type StateDialect = 'sqlite' | 'postgres';

export interface StateStore {
  readonly db: Kysely<StateDatabase>;
  readonly dialect: StateDialect;
  /** Where the store lives, with any password removed; safe to log. */
  readonly location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StateStoreOptions {
  /** postgres:// URL; when absent the store is SQLite at `<dataDir>/state.db`. */
  url?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves with one schema each). */
  pgSchema?: string;
}

/** Opens the state store and verifies it answers; throws UnavailableError naming the location. */
export async function openStateStore(options: StateStoreOptions): Promise<StateStore> {
  return options.url ? openPostgres(options.url, options.pgSchema) : openSqlite(options.dataDir);
}

async function openSqlite(dataDir: string): Promise<StateStore> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'state.db');
  let db: Kysely<StateDatabase>;
  try {
    db = new Kysely<StateDatabase>({
      dialect: new SqliteDialect({ database: adaptNodeSqlite(openSqliteFile(path)) }),
    });
  } catch (error) {
    throw new UnavailableError(`cannot open state store ${path}: ${(error as Error).message}`);
  }
  return {
    db,
    dialect: 'sqlite',
    location: path,
    ping: async () => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<StateStore> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '')}"`);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new UnavailableError(`cannot connect to state store ${location}: ${describePgError(error)}`);
  }
  const db = new Kysely<StateDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location,
    ping: async () => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    close: () => db.destroy(),
  };
}

/** Applies every pending migration; safe to call on every start. */
export async function migrateStateStore(store: StateStore): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => stateMigrations },
    migrationTableName: 'cairn_migrations',
    migrationLockTableName: 'cairn_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new UnavailableError(
      `state store migration ${failed} failed on ${store.location}: ${(error as Error).message}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Removes the password from a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

function describePgError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describePgError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code} ${error.message}` : error.message || String(code);
  }
  return String(error);
}
