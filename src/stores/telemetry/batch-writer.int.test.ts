import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../kernel/errors.ts';
import { createBatchWriter, QueueFullError } from './batch-writer.ts';
import { sql } from './sql.ts';
import { TelemetryQueryError } from './telemetry-errors.ts';
import type { TelemetryStore } from './telemetry-store.ts';
import { makeTempDir, TELEMETRY_IMPLEMENTATIONS, uniqueDatabase } from './telemetry-stores.fixture.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

describe.each(TELEMETRY_IMPLEMENTATIONS)('BatchWriter on $kind', ({ kind, open }) => {
  let store: TelemetryStore;

  beforeAll(async () => {
    store = open(dir.path, uniqueDatabase(`${kind}_batch`));
    await store.createDatabase();
  }, 30_000);

  afterAll(async () => {
    await store.close();
  });

  beforeEach(async () => {
    await store.command(sql`DROP TABLE IF EXISTS rows`);
    await store.command(sql`CREATE TABLE rows (n Int64, tag String) ENGINE = MergeTree ORDER BY n`);
  });

  const stored = async () =>
    (await store.query<{ n: string }>(sql`SELECT n FROM rows ORDER BY n`)).map((r) => Number(r.n));

  it('inserts once maxRows rows are queued, and resolves each write after its rows are queryable', async () => {
    const writer = createBatchWriter(store, { maxRows: 3, maxDelayMs: 60_000, maxQueuedRows: 100 });
    let firstDone = false;
    const first = writer
      .write('rows', [
        { n: 1, tag: 'a' },
        { n: 2, tag: 'a' },
      ])
      .then(() => {
        firstDone = true;
      });
    await new Promise((r) => setTimeout(r, 20));
    expect(firstDone).toBe(false);
    expect(writer.queuedRows()).toBe(2);
    expect(await stored()).toEqual([]);
    await Promise.all([first, writer.write('rows', [{ n: 3, tag: 'b' }])]);
    expect(await stored()).toEqual([1, 2, 3]);
    expect(writer.queuedRows()).toBe(0);
    await writer.close();
  });

  it('inserts after maxDelayMs when fewer than maxRows are queued', async () => {
    const writer = createBatchWriter(store, { maxRows: 1000, maxDelayMs: 50, maxQueuedRows: 1000 });
    const started = performance.now();
    await writer.write('rows', [{ n: 7, tag: 'late' }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(await stored()).toEqual([7]);
    await writer.close();
  });

  it('rejects at once with QueueFullError and retryAfterSeconds when the queue would overflow', async () => {
    const writer = createBatchWriter(store, { maxRows: 100, maxDelayMs: 2_500, maxQueuedRows: 5 });
    const queued = writer.write('rows', [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    const error = await writer.write('rows', [{ n: 5 }, { n: 6 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueFullError);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({
      code: 'unavailable',
      retryAfterSeconds: 3,
      message: 'Telemetry write queue is full (4 rows held, limit 5); retry in 3s',
    });
    expect(writer.queuedRows()).toBe(4);
    const fifth = writer.write('rows', [{ n: 5 }]);
    await writer.flush();
    await Promise.all([queued, fifth]);
    expect(await stored()).toEqual([1, 2, 3, 4, 5]);
    expect(writer.queuedRows()).toBe(0);
    await writer.close();
  });

  it('rejects only the writes whose batch failed', async () => {
    const writer = createBatchWriter(store, { maxRows: 2, maxDelayMs: 60_000, maxQueuedRows: 100 });
    const bad = writer.write('rows', [{ n: 'not a number' }, { n: 'nor this' }]).catch((e: unknown) => e);
    const good = [writer.write('rows', [{ n: 10 }]), writer.write('rows', [{ n: 11 }])];
    const missing = writer.write('missing_table', [{ n: 1 }]).catch((e: unknown) => e);
    const other = writer.write('rows', [{ n: 12 }]);
    await writer.flush();
    expect(await bad).toBeInstanceOf(TelemetryQueryError);
    expect(await missing).toMatchObject({ clickhouseName: 'UNKNOWN_TABLE' });
    await Promise.all([...good, other]);
    expect(await stored()).toEqual([10, 11, 12]);
    await writer.close();
  });

  it('flushes on close and refuses writes afterwards', async () => {
    const writer = createBatchWriter(store, { maxRows: 100, maxDelayMs: 60_000, maxQueuedRows: 100 });
    const writes = [writer.write('rows', [{ n: 1 }]), writer.write('rows', [{ n: 2 }])];
    await writer.close();
    await Promise.all(writes);
    expect(await stored()).toEqual([1, 2]);
    await expect(writer.write('rows', [{ n: 3 }])).rejects.toThrow('The batch writer is closed');
  });
});
