import type { ChdbResult, Session } from 'chdb';
import { UnavailableError } from '../../kernel/errors.ts';
import { acquireChdbSession, type ChdbSessionLease } from './chdb-session-registry.ts';
import { asBuffer, encodeJsonEachRow, parseJsonEachRow } from './row-format.ts';
import { ident, type SqlQuery } from './sql.ts';
import { toTelemetryQueryError } from './telemetry-errors.ts';
import { TELEMETRY_QUERY_SETTINGS, type TelemetryStore } from './telemetry-store.ts';

/** Options for {@link createChdbTelemetryStore}. */
export interface ChdbTelemetryStoreOptions {
  /** chDB data directory; one per process (see chdb-session-registry.ts). */
  readonly path: string;
  readonly database: string;
}

// Every statement is sent as `SET …; USE db; <statement>` in one call. The session is shared by all
// stores in the process, so neither the current database nor settings may be left to session state;
// chDB runs one connection's calls one at a time, so the prefix and the statement cannot interleave
// with another store's (the contract test runs two stores concurrently to hold this).
const SETTINGS_PREFIX = `SET ${Object.entries(TELEMETRY_QUERY_SETTINGS)
  .map(([name, value]) => `${name} = ${typeof value === 'string' ? `'${value}'` : value}`)
  .join(', ')}; `;

/**
 * A TelemetryStore on embedded chDB. Only chDB's async calls are used: the sync ones block the
 * event loop for the whole query.
 */
export function createChdbTelemetryStore(options: ChdbTelemetryStoreOptions): TelemetryStore {
  const { database } = options;
  const databaseIdent = ident(database).text;
  const lease: ChdbSessionLease = acquireChdbSession(options.path);
  const session: Session = lease.session;
  const running = new Set<Promise<unknown>>();
  let closed = false;

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new UnavailableError(`The telemetry store (${database}) is closed`));
    const promise = work().catch((error: unknown) => {
      throw mapChdbError(error);
    });
    running.add(promise);
    const forget = () => running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  function run(q: SqlQuery, useDatabase: boolean): Promise<ChdbResult> {
    const text = `${SETTINGS_PREFIX}${useDatabase ? `USE ${databaseIdent}; ` : ''}${q.text}`;
    const opts = { format: 'JSONEachRow' };
    return Object.keys(q.params).length > 0
      ? session.queryBindAsync(text, q.params, opts)
      : session.queryAsync(text, opts);
  }

  function insertJsonEachRow(table: string, text: Uint8Array): Promise<void> {
    return track(async () => {
      // Validated like any identifier; chDB's insert takes `db.table` unquoted.
      ident(table);
      if (text.length === 0) return;
      await session.insert({
        table: `${database}.${table}`,
        values: asBuffer(text),
        format: 'JSONEachRow',
        settings: { session_timezone: TELEMETRY_QUERY_SETTINGS.session_timezone },
      });
    });
  }

  return {
    database,
    kind: 'chdb',
    query<T>(q: SqlQuery): Promise<T[]> {
      return track(async () => parseJsonEachRow<T>((await run(q, true)).text()));
    },
    command(q: SqlQuery): Promise<void> {
      return track(async () => {
        await run(q, true);
      });
    },
    insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
      return insertJsonEachRow(table, Buffer.from(encodeJsonEachRow(rows)));
    },
    insertJsonEachRow,
    createDatabase(): Promise<void> {
      return track(async () => {
        await run({ text: `CREATE DATABASE IF NOT EXISTS ${databaseIdent}`, params: {} }, false);
      });
    },
    async ping(): Promise<void> {
      try {
        await track(() => session.queryAsync('SELECT 1', { format: 'JSONEachRow' }));
      } catch (error) {
        throw new UnavailableError(`chDB at ${lease.path} is not usable: ${describe(error)}`, 5);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled(running);
      lease.release();
    },
  };
}

function mapChdbError(error: unknown): unknown {
  // chDB's ChdbError subclasses carry `clickhouseCode` when the engine itself raised the error; the
  // rest (closed session, bad bind value) are not ClickHouse's verdict on the statement.
  if (error instanceof Error && 'clickhouseCode' in error && typeof error.clickhouseCode === 'number') {
    return toTelemetryQueryError(error.message, error.clickhouseCode, undefined, error);
  }
  return error;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
