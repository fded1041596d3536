import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChdbTelemetryStore } from './chdb-telemetry-store.ts';
import { createClickHouseTelemetryStore } from './clickhouse-telemetry-store.ts';
import { migrateTelemetry } from './migrations.ts';
import { type SqlQuery, sql } from './sql.ts';
import type { TelemetryStore } from './telemetry-store.ts';
import { makeTempDir } from './telemetry-stores.fixture.ts';

/**
 * A FAKE ClickHouse server: no real one can run on these machines (Debian's package is from
 * 2018). It implements only the parts of ClickHouse's HTTP interface that @clickhouse/client uses
 * here (POST / with the statement in the body or in `query=`, GET /ping, errors as status +
 * `X-ClickHouse-Exception-Code` + text), records every request, and answers SELECTs with one
 * canned row. What it proves is what Cairn's server store sends; the SQL itself is proven on the
 * real ClickHouse engine by the contract suite (telemetry-store.int.test.ts) and compared below.
 */
interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

const FORMAT_SUFFIX = '\nFORMAT JSONEachRow';
const UNKNOWN_TABLE_ANSWER =
  "Code: 60. DB::Exception: Unknown table expression identifier 'missing_table' in scope SELECT * FROM missing_table. (UNKNOWN_TABLE) (version 25.3.2.39 (official build))";

function startFakeClickHouse(): Promise<{ server: Server; url: string; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      requests.push({
        method: request.method ?? '',
        path: url.pathname,
        params: url.searchParams,
        authorization: request.headers.authorization,
        body,
      });
      if (url.pathname === '/ping') return void response.end('Ok.\n');
      if (body.includes('missing_table')) {
        response.writeHead(404, { 'X-ClickHouse-Exception-Code': '60' });
        return void response.end(`${UNKNOWN_TABLE_ANSWER}\n`);
      }
      const isSelect = body.endsWith(FORMAT_SUFFIX) && !body.includes('cairn_schema_migrations');
      response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      response.end(isSelect ? '{"n":"42"}\n' : '');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo; // a TCP listener's address
      resolve({ server, url: `http://cairn:s3cret@127.0.0.1:${port}`, requests });
    }),
  );
}

/** One statement as the store was asked to run it, whichever engine runs it. */
type Statement = { kind: 'command' | 'query'; text: string } | { kind: 'insert'; table: string };

/** What a request carried, read back into the statement it stands for. */
function statementOf(request: RecordedRequest): Statement {
  const insert = request.params.get('query');
  if (insert)
    return { kind: 'insert', table: insert.replace(/^INSERT INTO \S+?\.(\S+) FORMAT JSONEachRow$/, '$1') };
  return request.body.endsWith(FORMAT_SUFFIX)
    ? { kind: 'query', text: request.body.slice(0, -FORMAT_SUFFIX.length).trimEnd() }
    : { kind: 'command', text: request.body };
}

/** Records what a store is asked to run, then runs it. */
function recording(store: TelemetryStore, statements: Statement[]): TelemetryStore {
  return {
    ...store,
    database: store.database,
    kind: store.kind,
    query: <T>(q: SqlQuery) => {
      statements.push({ kind: 'query', text: q.text.trimEnd() });
      return store.query<T>(q);
    },
    command: (q) => {
      statements.push({ kind: 'command', text: q.text });
      return store.command(q);
    },
    insert: (table, rows) => {
      statements.push({ kind: 'insert', table });
      return store.insert(table, rows);
    },
  };
}

describe('the ClickHouse server store over HTTP (against a fake server)', () => {
  let fake: Awaited<ReturnType<typeof startFakeClickHouse>>;
  let store: TelemetryStore;

  beforeAll(async () => {
    fake = await startFakeClickHouse();
    store = createClickHouseTelemetryStore({ url: fake.url, database: 'cairn_prod' });
  });

  afterAll(async () => {
    await store?.close();
    fake?.server.close();
  });

  it('creates the database on a request that selects none, with the settings and credentials', async () => {
    fake.requests.length = 0;
    await store.createDatabase();
    const [request] = fake.requests;
    expect(request?.body).toBe('CREATE DATABASE IF NOT EXISTS `cairn_prod`');
    expect(request?.params.has('database')).toBe(false);
    expect(request?.params.get('output_format_json_quote_64bit_integers')).toBe('1');
    expect(request?.params.get('session_timezone')).toBe('UTC');
    expect(request?.authorization).toBe(`Basic ${Buffer.from('cairn:s3cret').toString('base64')}`);
  });

  it('sends a query with its database, settings and typed parameters, never splicing values into the text', async () => {
    fake.requests.length = 0;
    const q = sql`SELECT count() AS n FROM otel_logs WHERE ServiceName = ${"checkout'; DROP TABLE x"}`;
    expect(await store.query<{ n: string }>(q)).toEqual([{ n: '42' }]);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(
      `SELECT count() AS n FROM otel_logs WHERE ServiceName = {p0:String} ${FORMAT_SUFFIX}`,
    );
    // Parameter values travel in ClickHouse's escaped text form; the server unescapes the quote.
    expect(request?.params.get('param_p0')).toBe("checkout\\'; DROP TABLE x");
    expect(request?.params.get('database')).toBe('cairn_prod');
    expect(request?.params.get('output_format_json_quote_64bit_integers')).toBe('1');
    expect(request?.params.get('session_timezone')).toBe('UTC');
    expect(request?.authorization).toBe(`Basic ${Buffer.from('cairn:s3cret').toString('base64')}`);
  });

  it('inserts JSONEachRow rows into database.table, dates as UTC text and 64-bit integers as digits', async () => {
    fake.requests.length = 0;
    await store.insert('otel_logs', [
      { Body: 'x', Timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), Count: 5n },
    ]);
    const [request] = fake.requests;
    expect(request?.params.get('query')).toBe('INSERT INTO cairn_prod.otel_logs FORMAT JSONEachRow');
    expect(request?.params.get('database')).toBe('cairn_prod');
    expect(request?.params.get('session_timezone')).toBe('UTC');
    expect(request?.body).toBe('{"Body":"x","Timestamp":"2026-01-02 03:04:05.006","Count":"5"}\n');
  });

  it("turns ClickHouse's error answer into a TelemetryQueryError with its name and code", async () => {
    await expect(store.query(sql`SELECT * FROM missing_table`)).rejects.toThrow(
      "ClickHouse rejected the statement: Unknown table expression identifier 'missing_table' in scope SELECT * FROM missing_table (UNKNOWN_TABLE, code 60)",
    );
  });

  it('answers ping from /ping, and reports a server that is gone as unavailable with the password hidden', async () => {
    await store.ping();
    expect(fake.requests.at(-1)?.path).toBe('/ping');
    const closed = await startFakeClickHouse();
    closed.server.close();
    const gone = createClickHouseTelemetryStore({ url: closed.url, database: 'cairn_prod' });
    const port = new URL(closed.url).port;
    await expect(gone.query(sql`SELECT 1`)).rejects.toThrow(
      `ClickHouse at http://cairn:***@127.0.0.1:${port}/ is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    await gone.close();
  });

  it('sends exactly the statements the chDB store runs, for the whole schema migration', async () => {
    const temp = makeTempDir();
    const viaChdb: Statement[] = [];
    const chdb = recording(
      createChdbTelemetryStore({ path: temp.path, database: 'cairn_same_sql' }),
      viaChdb,
    );
    const server = createClickHouseTelemetryStore({ url: fake.url, database: 'cairn_same_sql' });
    try {
      await migrateTelemetry(chdb, { retentionDays: 7 });
      fake.requests.length = 0;
      await migrateTelemetry(server, { retentionDays: 7 });
      const viaHttp = fake.requests.filter((r) => !r.body.startsWith('CREATE DATABASE')).map(statementOf);
      expect(viaChdb.filter((s) => s.kind === 'command').length).toBeGreaterThan(10);
      expect(viaHttp).toEqual(viaChdb);
    } finally {
      await server.close();
      await chdb.close();
      temp.remove();
    }
  }, 60_000);
});
