import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { createChdbTelemetryStore } from './chdb-telemetry-store.ts';
import { type ClickHouseTransport, createClickHouseTelemetryStore } from './clickhouse-telemetry-store.ts';
import type { TelemetryStore } from './telemetry-store.ts';

/**
 * The implementations every contract test runs against. There is no ClickHouse server on the test
 * machines, so the `clickhouse` entry is the real clickhouse-js client (and Cairn's real
 * ClickHouse store code) over chDB's in-process clickhouse-js connection (`chdb/connection`)
 * instead of HTTP.
 */
export const TELEMETRY_IMPLEMENTATIONS = [
  { kind: 'chdb', open: (path: string, database: string) => createChdbTelemetryStore({ path, database }) },
  {
    kind: 'clickhouse',
    open: (path: string, database: string) =>
      createClickHouseTelemetryStore({
        url: 'http://in-process-chdb:8123',
        database,
        transport: (db) => {
          // chdb types its connection against @clickhouse/client-common 1.23.0, while @clickhouse/client
          // 1.23.1 bundles its own copy of those types (whose settings type gained keys). It is the same
          // Connection contract at runtime, which this suite exercises end to end.
          const connection = createChdbConnection({ path }) as unknown as ClickHouseTransport;
          return db === undefined ? connection : selectingDatabase(connection, db);
        },
      }),
  },
] as const satisfies readonly {
  kind: TelemetryStore['kind'];
  open: (path: string, database: string) => TelemetryStore;
}[];

/**
 * Stands in for the server's `?database=` request parameter, which chDB's connection has no
 * counterpart for: every statement runs after `USE database`, as on a server.
 */
function selectingDatabase(connection: ClickHouseTransport, database: string): ClickHouseTransport {
  const use = `USE \`${database}\`; `;
  return {
    ping: (params) => connection.ping(params),
    query: (params) => connection.query({ ...params, query: use + params.query }),
    command: (params) => connection.command({ ...params, query: use + params.query }),
    exec: (params) => connection.exec({ ...params, query: use + params.query }),
    insert: (params) => connection.insert(params),
    close: () => connection.close(),
  };
}

/** A temp directory for one test file; chDB binds one data directory per process. */
export function makeTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'cairn-telemetry-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A database name no other test file uses. */
export function uniqueDatabase(label: string): string {
  return `test_${label}_${randomBytes(4).toString('hex')}`;
}
