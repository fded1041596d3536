import { UnavailableError } from '../../kernel/errors.ts';
import { encodeJsonEachRow } from './row-format.ts';
import type { TelemetryStore } from './telemetry-store.ts';

/** Limits for {@link createBatchWriter}. */
export interface BatchWriterOptions {
  /** A table's pending rows are inserted as soon as they reach this many. */
  readonly maxRows: number;
  /** …or this long after the first of them was queued. */
  readonly maxDelayMs: number;
  /** Rows held in memory (pending plus being inserted) beyond which writes are refused. */
  readonly maxQueuedRows: number;
  /**
   * When a table's insert ends, the rows written meanwhile wait at most this long for more before
   * they go in (at once if they fill a batch). Default 10 ms.
   */
  readonly lingerMs?: number;
}

/**
 * Batches many small writes into few large inserts, one table at a time.
 *
 * Each write is encoded to JSONEachRow when it arrives, while earlier inserts run on chDB's
 * threads, so an insert starts the moment its batch is due. And the rows written while a table's
 * insert runs go into the next insert soon after it ends (group commit): with fewer rows in flight
 * than two batches, waiting for a full batch or the timer would leave the store idle between
 * inserts while the senders whose rows were being written wait for their answer. Soon, not at
 * once: those senders send again as soon as they hear back, and an insert has a large fixed cost
 * (a part per insert, merged later), so the rows wait `lingerMs` for theirs to fill the batch.
 */
export interface BatchWriter {
  /**
   * Queues rows for `table`. Resolves once they are inserted; rejects if their insert fails, or at
   * once with {@link QueueFullError} when they would exceed `maxQueuedRows`. One call's rows always
   * go into the same insert, so a call succeeds or fails as a whole.
   */
  write(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /**
   * Queues `count` rows already encoded as JSONEachRow UTF-8 (every line ending in `\n`), as
   * {@link write} queues rows.
   */
  writeEncoded(table: string, text: Uint8Array, count: number): Promise<void>;
  /** Inserts everything queued and waits for all inserts in progress. Never rejects. */
  flush(): Promise<void>;
  /** Refuses new writes, then flushes. Does not close the store. */
  close(): Promise<void>;
  /** Rows in memory: queued plus being inserted. */
  queuedRows(): number;
}

/**
 * The writer is holding as many rows as it may; the caller should shed load (HTTP 429/503 with
 * `Retry-After: retryAfterSeconds`) rather than buffer more.
 */
export class QueueFullError extends UnavailableError {
  override readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message, retryAfterSeconds);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Pending {
  /** Each write's rows as JSONEachRow UTF-8. */
  encoded: Uint8Array[];
  rows: number;
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
  /** When the timer fires (ms since the epoch). */
  due: number;
}

/** Creates a batch writer over `store`; see {@link BatchWriter}. */
export function createBatchWriter(store: TelemetryStore, options: BatchWriterOptions): BatchWriter {
  const { maxRows, maxDelayMs, maxQueuedRows, lingerMs = 10 } = options;
  for (const [name, value] of Object.entries(options)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new Error(`createBatchWriter: ${name} must be a non-negative number, got ${value}`);
    }
  }
  const pending = new Map<string, Pending>();
  const inserting = new Set<Promise<void>>();
  let held = 0;
  let closed = false;
  // A full queue drains within about one flush interval, so that is the earliest retry worth making.
  const retryAfterSeconds = Math.max(1, Math.ceil(maxDelayMs / 1000));

  function schedule(table: string, batch: Pending, delayMs: number): void {
    clearTimeout(batch.timer);
    batch.due = Date.now() + delayMs;
    batch.timer = setTimeout(() => flushTable(table), delayMs);
  }

  function flushTable(table: string): void {
    const batch = pending.get(table);
    if (!batch) return;
    pending.delete(table);
    clearTimeout(batch.timer);
    const count = batch.rows;
    const text = batch.encoded.length === 1 ? (batch.encoded[0] as Uint8Array) : Buffer.concat(batch.encoded);
    const done = store.insertJsonEachRow(table, text).then(
      () => {
        for (const w of batch.waiters) w.resolve();
      },
      (error: unknown) => {
        for (const w of batch.waiters) w.reject(error);
      },
    );
    const settled = done.finally(() => {
      held -= count;
      inserting.delete(settled);
      // Group commit: what gathered meanwhile goes once the senders just answered have added theirs,
      // rather than when its own timer fires.
      const next = pending.get(table);
      if (next && next.due > Date.now() + lingerMs) schedule(table, next, lingerMs);
    });
    inserting.add(settled);
  }

  async function flush(): Promise<void> {
    for (const table of [...pending.keys()]) flushTable(table);
    await Promise.allSettled([...inserting]);
  }

  function enqueue(table: string, count: number, encode: () => Uint8Array): Promise<void> {
    if (closed) return Promise.reject(new UnavailableError('The batch writer is closed', retryAfterSeconds));
    if (count === 0) return Promise.resolve();
    if (held + count > maxQueuedRows) {
      return Promise.reject(
        new QueueFullError(
          `Telemetry write queue is full (${held} rows held, limit ${maxQueuedRows}); retry in ${retryAfterSeconds}s`,
          retryAfterSeconds,
        ),
      );
    }
    let encoded: Uint8Array;
    try {
      encoded = encode();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      let batch = pending.get(table);
      if (!batch) {
        batch = { encoded: [], rows: 0, waiters: [], timer: undefined, due: 0 };
        pending.set(table, batch);
        schedule(table, batch, maxDelayMs);
      }
      batch.encoded.push(encoded);
      batch.rows += count;
      batch.waiters.push({ resolve, reject });
      held += count;
      if (batch.rows >= maxRows) flushTable(table);
    });
  }

  return {
    write: (table, rows) => enqueue(table, rows.length, () => Buffer.from(encodeJsonEachRow(rows))),
    writeEncoded: (table, text, count) => enqueue(table, count, () => text),
    flush,
    async close() {
      closed = true;
      await flush();
    },
    queuedRows: () => held,
  };
}
