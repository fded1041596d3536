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

  /** The store, with its first insert held until `release()`; `inserted` counts each insert's rows. */
  function holdingFirstInsert() {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inserted: number[] = [];
    const slowFirst: TelemetryStore = {
      ...store,
      async insertJsonEachRow(table, text) {
        inserted.push(Buffer.from(text).toString('utf8').split('\n').length - 1);
        if (inserted.length === 1) await held;
        return store.insertJsonEachRow(table, text);
      },
    };
    return { slowFirst, inserted, release: () => release() };
  }

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

  it('inserts the rows written during an insert soon after it ends (lingerMs), without waiting for maxRows or the timer', async () => {
    // The store's first insert is held until released, so the second write is sure to arrive while
    // it runs; the timer (a minute) and maxRows (3) can then not be what sends the second batch.
    const { slowFirst, inserted, release } = holdingFirstInsert();
    const writer = createBatchWriter(slowFirst, { maxRows: 3, maxDelayMs: 60_000, maxQueuedRows: 100 });
    const first = writer.write('rows', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const second = writer.write('rows', [{ n: 4 }]);
    const third = writer.write('rows', [{ n: 5 }]);
    expect(inserted).toEqual([3]);
    release();
    await Promise.all([first, second, third]);
    expect(inserted).toEqual([3, 2]);
    expect(await stored()).toEqual([1, 2, 3, 4, 5]);
    await writer.close();
  });

  it('lets the rows written during an insert wait lingerMs for the writers it answers, so their next rows join the same insert', async () => {
    const { slowFirst, inserted, release } = holdingFirstInsert();
    const writer = createBatchWriter(slowFirst, {
      maxRows: 4,
      maxDelayMs: 60_000,
      maxQueuedRows: 100,
      lingerMs: 300,
    });
    const first = writer.write('rows', [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    const during = writer.write('rows', [{ n: 5 }]);
    release();
    await first;
    // The writer just answered sends again, as an exporter does once its request is acknowledged.
    const started = performance.now();
    await Promise.all([during, writer.write('rows', [{ n: 6 }])]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(inserted).toEqual([4, 2]);
    expect(await stored()).toEqual([1, 2, 3, 4, 5, 6]);
    await writer.close();
  });

  it('queues rows already encoded as JSONEachRow bytes beside rows, in one insert', async () => {
    const writer = createBatchWriter(store, { maxRows: 3, maxDelayMs: 60_000, maxQueuedRows: 100 });
    const encoded = Buffer.from('{"n":21,"tag":"bytes"}\n{"n":22,"tag":"bytes"}\n');
    await Promise.all([
      writer.writeEncoded('rows', encoded, 2),
      writer.write('rows', [{ n: 23, tag: 'row' }]),
    ]);
    expect(await store.query<{ n: string; tag: string }>(sql`SELECT n, tag FROM rows ORDER BY n`)).toEqual([
      { n: '21', tag: 'bytes' },
      { n: '22', tag: 'bytes' },
      { n: '23', tag: 'row' },
    ]);
    expect(writer.queuedRows()).toBe(0);
    await writer.close();
  });

  it('refuses a write whose rows cannot be encoded on its own, leaving the rest of its batch to be stored', async () => {
    const writer = createBatchWriter(store, { maxRows: 100, maxDelayMs: 60_000, maxQueuedRows: 100 });
    const cyclic: Record<string, unknown> = { n: 2 };
    cyclic.self = cyclic;
    const good = writer.write('rows', [{ n: 1 }]);
    const bad = writer.write('rows', [cyclic]).catch((e: unknown) => e);
    const after = writer.write('rows', [{ n: 3 }]);
    expect(await bad).toBeInstanceOf(TypeError);
    expect(writer.queuedRows()).toBe(2);
    await writer.flush();
    await Promise.all([good, after]);
    expect(await stored()).toEqual([1, 3]);
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
