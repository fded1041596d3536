import { Readable } from 'node:stream';
import { type ClickHouseClient, type ClickHouseClientConfigOptions, createClient } from '@clickhouse/client';
import { UnavailableError } from '../../kernel/errors.ts';
import { asBuffer, encodeJsonEachRow, stringifyRow } from './row-format.ts';
import { ident, type SqlQuery } from './sql.ts';
import { toTelemetryQueryError } from './telemetry-errors.ts';
import { TELEMETRY_QUERY_SETTINGS, type TelemetryStore } from './telemetry-store.ts';

/** A clickhouse-js transport (the `connection` client option), replacing HTTP. */
export type ClickHouseTransport = NonNullable<ClickHouseClientConfigOptions['connection']>;

/** Options for {@link createClickHouseTelemetryStore}. */
export interface ClickHouseTelemetryStoreOptions {
  /** `http(s)://[user:password@]host:port`; credentials in the URL are used. */
  readonly url: string;
  readonly database: string;
  /**
   * Supplies the transport instead of HTTP to `url`. Called with the database the client selects, or
   * `undefined` for the client that must not select one (creating the database). Cairn's tests plug
   * chDB's in-process clickhouse-js connection in here; production leaves it unset.
   */
  readonly transport?: (database: string | undefined) => ClickHouseTransport;
}

/** A TelemetryStore on a ClickHouse server through the official client, `@clickhouse/client`. */
export function createClickHouseTelemetryStore(options: ClickHouseTelemetryStoreOptions): TelemetryStore {
  const { database, url } = options;
  const databaseIdent = ident(database).text;
  const where = redactUrl(url);
  const makeClient = (db: string | undefined): ClickHouseClient =>
    createClient({
      url,
      ...(db === undefined ? {} : { database: db }),
      ...(options.transport ? { connection: options.transport(db) } : {}),
      clickhouse_settings: { ...TELEMETRY_QUERY_SETTINGS },
      // Rows are serialized as the chDB store serializes them (Date as UTC text, bigint as digits).
      json: { stringify: stringifyRow },
    });
  const client = makeClient(database);
  const running = new Set<Promise<unknown>>();
  let closed = false;

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new UnavailableError(`The telemetry store (${database}) is closed`));
    const promise = work().catch((error: unknown) => {
      throw mapClickHouseError(error, where);
    });
    running.add(promise);
    const forget = () => running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  function insertJsonEachRow(table: string, text: Uint8Array): Promise<void> {
    return track(async () => {
      ident(table);
      if (text.length === 0) return;
      // The rows are JSONEachRow text already, which `client.insert` would encode again, so they go
      // as the body of an `exec`, the statement in the request's query parameter as `insert` sends
      // it. The answer comes after the rows are written (synchronous inserts, unless the server's
      // profile turns async_insert on); its (empty) body is read to free the connection.
      const result = await client.exec({
        query: `INSERT INTO ${database}.${table} FORMAT JSONEachRow`,
        values: Readable.from([asBuffer(text)]),
      });
      await drain(result.stream);
    });
  }

  return {
    database,
    kind: 'clickhouse',
    query<T>(q: SqlQuery): Promise<T[]> {
      return track(async () => {
        const result = await client.query({ query: q.text, query_params: q.params, format: 'JSONEachRow' });
        return result.json<T>();
      });
    },
    command(q: SqlQuery): Promise<void> {
      return track(async () => {
        await client.command({ query: q.text, query_params: q.params });
      });
    },
    insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
      return insertJsonEachRow(table, Buffer.from(encodeJsonEachRow(rows)));
    },
    insertJsonEachRow,
    createDatabase(): Promise<void> {
      return track(async () => {
        // A request that selects a missing database is refused, so this one selects none.
        const admin = makeClient(undefined);
        try {
          await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${databaseIdent}` });
        } finally {
          await admin.close();
        }
      });
    },
    async ping(): Promise<void> {
      const result = await client.ping();
      if (!result.success) {
        throw new UnavailableError(`ClickHouse at ${where} is unreachable: ${result.error.message}`, 5);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled(running);
      await client.close();
    },
  };
}

function mapClickHouseError(error: unknown, where: string): unknown {
  // Recognized by shape, not `instanceof ClickHouseError`: a transport such as chDB's builds the error
  // from its own copy of @clickhouse/client-common, a different class with the same fields.
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^\d+$/.test(error.code) &&
    'type' in error
  ) {
    const name = typeof error.type === 'string' ? error.type : undefined;
    return toTelemetryQueryError(error.message, Number(error.code), name, error);
  }
  // Socket-level failures (refused, reset, timed out) mean the server is not there right now.
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^E[A-Z]+/.test(error.code)
  ) {
    return new UnavailableError(`ClickHouse at ${where} is unreachable: ${error.message}`, 5);
  }
  return error;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}

/** Reads a response body to its end, discarding it. */
async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // Nothing to keep: an insert answers with an empty body.
  }
}
