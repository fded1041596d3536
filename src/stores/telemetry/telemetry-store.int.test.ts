import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UnavailableError } from '../../kernel/errors.ts';
import { loadTelemetryMigrations, migrateTelemetry, type TelemetryMigration } from './migrations.ts';
import { openTelemetryStore } from './open-telemetry-store.ts';
import { ident, sql } from './sql.ts';
import { TelemetryQueryError } from './telemetry-errors.ts';
import type { TelemetryStore } from './telemetry-store.ts';
import { makeTempDir, TELEMETRY_IMPLEMENTATIONS, uniqueDatabase } from './telemetry-stores.fixture.ts';

const dir = makeTempDir();
// `<dataDir>/telemetry`, the path openTelemetryStore picks, so its tests share this file's session.
const chdbPath = join(dir.path, 'telemetry');
afterAll(() => dir.remove());

describe.each(TELEMETRY_IMPLEMENTATIONS)('TelemetryStore on $kind', ({ kind, open }) => {
  const database = uniqueDatabase(kind);
  const opened: TelemetryStore[] = [];
  let store: TelemetryStore;
  const openStore = (db: string) => {
    const s = open(chdbPath, db);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    store = openStore(database);
    await store.createDatabase();
    await store.command(sql`CREATE TABLE IF NOT EXISTS events
      (service String, n Int64, ratio Float64, ok Bool, ts DateTime64(9), tags Array(String), big UInt64)
      ENGINE = MergeTree ORDER BY (service, ts)`);
    await store.insert('events', [
      {
        service: 'api',
        n: 2,
        ratio: 0.75,
        ok: true,
        ts: new Date('2026-01-01T00:00:00.123Z'),
        tags: ['blue', "it's"],
        big: 18446744073709551615n,
      },
      {
        service: 'api',
        n: 3,
        ratio: 0.25,
        ok: false,
        ts: new Date('2026-01-01T00:00:01Z'),
        tags: [],
        big: 1n,
      },
      {
        service: 'web',
        n: 2,
        ratio: 0.9,
        ok: true,
        ts: new Date('2026-01-01T00:00:02Z'),
        tags: ['blue'],
        big: 7,
      },
    ]);
  }, 30_000);

  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('reports its kind and database', () => {
    expect(store.kind).toBe(kind);
    expect(store.database).toBe(database);
  });

  it('binds every parameter type and returns exact values', async () => {
    const rows = await store.query(sql`SELECT service, n, ratio, ok, ts, tags, big FROM events
      WHERE service = ${'api'} AND n = ${2} AND ratio > ${0.5} AND ok = ${true}
        AND ts >= ${new Date('2026-01-01T00:00:00.123Z')} AND hasAny(tags, ${['blue', 'green']})`);
    expect(rows).toEqual([
      {
        service: 'api',
        n: '2',
        ratio: 0.75,
        ok: true,
        ts: '2026-01-01 00:00:00.123000000',
        tags: ['blue', "it's"],
        big: '18446744073709551615',
      },
    ]);
  });

  it('returns 64-bit integers as strings and compares Int64 bigint params exactly', async () => {
    const rows = await store.query(
      sql`SELECT count() AS c, sum(n) AS total FROM events WHERE n >= ${2n} AND ts < ${new Date('2026-01-01T00:00:02Z')}`,
    );
    expect(rows).toEqual([{ c: '2', total: '5' }]);
  });

  it('returns an empty list when nothing matches', async () => {
    expect(await store.query(sql`SELECT service FROM events WHERE service = ${'nobody'}`)).toEqual([]);
  });

  it('keeps databases apart, also under concurrent use', async () => {
    const other = openStore(uniqueDatabase(`${kind}_other`));
    await other.createDatabase();
    await other.command(
      sql`CREATE TABLE IF NOT EXISTS events (service String) ENGINE = MergeTree ORDER BY service`,
    );
    await other.insert('events', [{ service: 'only-in-other' }]);
    const reads = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? store : other).query<{ service: string }>(
        sql`SELECT service FROM events ORDER BY service`,
      ),
    );
    const results = await Promise.all(reads);
    results.forEach((rows, i) => {
      expect(rows.map((r) => r.service)).toEqual(i % 2 === 0 ? ['api', 'api', 'web'] : ['only-in-other']);
    });
  });

  it('maps ClickHouse errors to TelemetryQueryError with code, name and message', async () => {
    const error = await store.query(sql`SELECT * FROM nope`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelemetryQueryError);
    expect(error).toMatchObject({ code: 'internal', clickhouseCode: 60, clickhouseName: 'UNKNOWN_TABLE' });
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /^ClickHouse rejected the statement: Unknown table expression identifier 'nope' .* \(UNKNOWN_TABLE, code 60\)$/,
      ),
    });
    const syntax = await store.command(sql`CREATE TABLE (`).catch((e: unknown) => e);
    expect(syntax).toMatchObject({ clickhouseCode: 62, clickhouseName: 'SYNTAX_ERROR' });
    const insert = await store.insert('missing', [{ a: 1 }]).catch((e: unknown) => e);
    expect(insert).toMatchObject({ clickhouseCode: 60, clickhouseName: 'UNKNOWN_TABLE' });
  });

  it('refuses table names that are not identifiers', async () => {
    await expect(store.insert('events; DROP TABLE events', [{}])).rejects.toThrow(
      'sql: identifier "events; DROP TABLE events" must match',
    );
  });

  it('pings, and refuses work once closed', async () => {
    await store.ping();
    const closing = openStore(database);
    await closing.close();
    await closing.close();
    await expect(closing.query(sql`SELECT 1`)).rejects.toThrow(
      new UnavailableError(`The telemetry store (${database}) is closed`),
    );
  });

  describe('migrateTelemetry', () => {
    const m2: TelemetryMigration = {
      version: 2,
      name: 'test-table',
      statements: ({ database: db, retentionDays }) => [
        sql`CREATE TABLE IF NOT EXISTS ${ident(db)}.m2 (ts DateTime) ENGINE = MergeTree ORDER BY ts
            TTL ts + toIntervalDay(${retentionDays})`,
      ],
    };

    it('creates the database, applies migrations once, and records one row per version', async () => {
      const s = openStore(uniqueDatabase(`${kind}_mig`));
      const { migration } = await import('./migrations/0001-schema-migrations.migration.ts');
      expect(await migrateTelemetry(s, { retentionDays: 7, migrations: [migration] })).toEqual({
        applied: [1],
      });
      expect(await migrateTelemetry(s, { retentionDays: 7, migrations: [migration] })).toEqual({
        applied: [],
      });
      expect(await migrateTelemetry(s, { retentionDays: 7, migrations: [migration, m2] })).toEqual({
        applied: [2],
      });
      expect(await migrateTelemetry(s, { retentionDays: 7, migrations: [migration, m2] })).toEqual({
        applied: [],
      });
      const rows = await s.query(
        sql`SELECT version, name FROM cairn_schema_migrations FINAL ORDER BY version`,
      );
      expect(rows).toEqual([
        { version: 1, name: 'schema-migrations' },
        { version: 2, name: 'test-table' },
      ]);
      const ttl = await s.query<{ ttl: string }>(
        sql`SELECT engine_full LIKE ${"%TTL ts + toIntervalDay(_CAST(7, 'Int64'))%"} AS ttl FROM system.tables WHERE database = ${s.database} AND name = 'm2'`,
      );
      expect(ttl).toEqual([{ ttl: 1 }]);
    });

    it('ends with one version row each when two runs race', async () => {
      const db = uniqueDatabase(`${kind}_race`);
      const [a, b] = [openStore(db), openStore(db)];
      await Promise.all([
        migrateTelemetry(a, { retentionDays: 1 }),
        migrateTelemetry(b, { retentionDays: 1 }),
      ]);
      const rows = await a.query(
        sql`SELECT version, count() AS c FROM cairn_schema_migrations FINAL GROUP BY version ORDER BY version`,
      );
      const versions = (await loadTelemetryMigrations()).map((m) => m.version);
      expect(versions.length).toBeGreaterThan(1);
      expect(rows).toEqual(versions.map((version) => ({ version, c: '1' })));
    });

    it('applies every shipped migration on a new database, and none on the second run', async () => {
      const s = openStore(uniqueDatabase(`${kind}_all`));
      const versions = (await loadTelemetryMigrations()).map((m) => m.version);
      expect(await migrateTelemetry(s, { retentionDays: 7 })).toEqual({ applied: versions });
      expect(await migrateTelemetry(s, { retentionDays: 7 })).toEqual({ applied: [] });
    });

    it('refuses a gap in the version sequence', async () => {
      await expect(migrateTelemetry(store, { retentionDays: 1, migrations: [m2] })).rejects.toThrow(
        'Telemetry migrations must be numbered 1, 2, 3…; found 2 at position 1',
      );
    });
  });
});

describe('openTelemetryStore', () => {
  it('opens chDB in <dataDir>/telemetry when no URL is set', async () => {
    const s = openTelemetryStore({ dataDir: dir.path, database: uniqueDatabase('open') });
    expect(s.kind).toBe('chdb');
    await s.ping();
    await s.close();
  });

  it('refuses a second chDB data directory in the same process, naming both', () => {
    const held = openTelemetryStore({ dataDir: dir.path, database: 'held' });
    const other = join(dir.path, 'elsewhere');
    try {
      expect(() => openTelemetryStore({ dataDir: other, database: 'x' })).toThrow(
        `chDB already has ${chdbPath} open in this process; close the telemetry stores on it before opening ${join(other, 'telemetry')}`,
      );
    } finally {
      void held.close();
    }
  });

  it('opens a ClickHouse client for an http(s) URL', async () => {
    const s = openTelemetryStore({ url: 'http://clickhouse:8123', dataDir: dir.path, database: 'cairn' });
    expect(s.kind).toBe('clickhouse');
    await s.close();
  });

  it('rejects a bad URL, naming it without its password', () => {
    expect(() => openTelemetryStore({ url: 'not a url', dataDir: dir.path, database: 'cairn' })).toThrow(
      new InputError(
        'telemetry URL "not a url" is not a valid URL; expected http(s)://host:8123',
        'telemetry.url',
      ),
    );
    expect(() =>
      openTelemetryStore({ url: 'tcp://u:secret@ch:9000', dataDir: dir.path, database: 'cairn' }),
    ).toThrow(
      'telemetry URL "tcp://u:***@ch:9000" must use http or https (the ClickHouse HTTP interface), not tcp',
    );
  });

  it('rejects a database name that is not an identifier', () => {
    expect(() => openTelemetryStore({ dataDir: dir.path, database: 'a-b' })).toThrow(
      'telemetry database "a-b" must be letters, digits and underscores, not starting with a digit',
    );
  });
});
