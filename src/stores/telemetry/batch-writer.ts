import { UnavailableError } from '../../kernel/errors.ts';
import type { TelemetryStore } from './telemetry-store.ts';

/** Limits for {@link createBatchWriter}. */
export interface BatchWriterOptions {
  /**
   * A table's pending rows are inserted as soon as they reach this many, unless an insert into the
   * table is running: then they wait for it and go in with everything else gathered meanwhile.
   */
  readonly maxRows: number;
  /** …or this long after the first of them was queued (same proviso). */
  readonly maxDelayMs: number;
  /**
   * Largest insert the writer makes by gathering rows while an earlier insert runs (default
   * 4 × maxRows). One write's rows are never split, so a single larger write exceeds it.
   */
  readonly maxInsertRows?: number;
  /** Rows held in memory (pending plus being inserted) beyond which writes are refused. */
  readonly maxQueuedRows: number;
}

/** Batches many small writes into few large inserts, one table at a time. */
export interface BatchWriter {
  /**
   * Queues rows for `table`. Resolves once they are inserted; rejects if their insert fails, or at
   * once with {@link QueueFullError} when they would exceed `maxQueuedRows`. One call's rows always
   * go into the same insert, so a call succeeds or fails as a whole.
   */
  write(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
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

interface Chunk {
  rows: readonly Record<string, unknown>[];
  waiter: Waiter;
}

interface TableState {
  /** Writes not yet handed to the store, oldest first. */
  chunks: Chunk[];
  pendingRows: number;
  timer: NodeJS.Timeout | undefined;
  /** An insert into this table is running. */
  inserting: boolean;
}

/**
 * Creates a batch writer over `store`; see {@link BatchWriter}.
 *
 * A table has at most one insert running. Rows written meanwhile wait for it, and all of them (up to
 * `maxInsertRows`) go in as the next insert the moment it finishes. A store runs one insert at a
 * time anyway (chDB serialises a connection's calls), and an insert's cost is mostly fixed (parts
 * written for the table and each materialised view), so under load this makes inserts larger and
 * fewer instead of queueing many small ones. A write still resolves only once its rows are stored.
 */
export function createBatchWriter(store: TelemetryStore, options: BatchWriterOptions): BatchWriter {
  const { maxRows, maxDelayMs, maxQueuedRows } = options;
  const maxInsertRows = options.maxInsertRows ?? 4 * maxRows;
  for (const [name, value] of Object.entries({ ...options, maxInsertRows })) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new Error(`createBatchWriter: ${name} must be a non-negative number, got ${value}`);
    }
  }
  const tables = new Map<string, TableState>();
  const inserting = new Set<Promise<void>>();
  let held = 0;
  let closed = false;
  // A full queue drains within about one flush interval, so that is the earliest retry worth making.
  const retryAfterSeconds = Math.max(1, Math.ceil(maxDelayMs / 1000));

  function stateOf(table: string): TableState {
    let state = tables.get(table);
    if (!state) {
      state = { chunks: [], pendingRows: 0, timer: undefined, inserting: false };
      tables.set(table, state);
    }
    return state;
  }

  /** Starts an insert of the table's oldest pending writes, unless one is running. */
  function flushTable(table: string): void {
    const state = tables.get(table);
    if (!state || state.inserting || state.chunks.length === 0) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    let taken = 0;
    let count = 0;
    while (taken < state.chunks.length) {
      const size = state.chunks[taken]?.rows.length ?? 0;
      if (taken > 0 && count + size > maxInsertRows) break;
      count += size;
      taken++;
    }
    const batch = state.chunks.splice(0, taken);
    state.pendingRows -= count;
    const rows: Record<string, unknown>[] =
      batch.length === 1 ? (batch[0]?.rows as Record<string, unknown>[]) : [];
    if (batch.length > 1) for (const chunk of batch) for (const row of chunk.rows) rows.push(row);
    state.inserting = true;
    const done = store.insert(table, rows).then(
      () => {
        for (const c of batch) c.waiter.resolve();
      },
      (error: unknown) => {
        for (const c of batch) c.waiter.reject(error);
      },
    );
    const settled = done.finally(() => {
      held -= count;
      inserting.delete(settled);
      state.inserting = false;
      // Rows that came in during the insert have waited as long as it took: insert them now.
      if (state.chunks.length > 0) flushTable(table);
      else tables.delete(table);
    });
    inserting.add(settled);
  }

  async function flush(): Promise<void> {
    // Inserts that finish start the next one for their table, so wait until nothing is left.
    while (inserting.size > 0 || [...tables.values()].some((t) => t.chunks.length > 0)) {
      for (const table of [...tables.keys()]) flushTable(table);
      await Promise.allSettled([...inserting]);
    }
  }

  return {
    write(table, rows) {
      if (closed)
        return Promise.reject(new UnavailableError('The batch writer is closed', retryAfterSeconds));
      if (rows.length === 0) return Promise.resolve();
      if (held + rows.length > maxQueuedRows) {
        return Promise.reject(
          new QueueFullError(
            `Telemetry write queue is full (${held} rows held, limit ${maxQueuedRows}); retry in ${retryAfterSeconds}s`,
            retryAfterSeconds,
          ),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const state = stateOf(table);
        state.chunks.push({ rows, waiter: { resolve, reject } });
        state.pendingRows += rows.length;
        held += rows.length;
        if (state.inserting) return;
        if (state.pendingRows >= maxRows) flushTable(table);
        else state.timer ??= setTimeout(() => flushTable(table), maxDelayMs);
      });
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    queuedRows: () => held,
  };
}
