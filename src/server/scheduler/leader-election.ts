import pg from 'pg';
import type { Logger } from '../../kernel/logger.ts';

/**
 * Decides which replica runs the work that must run once (rule evaluation, sweeps). Jobs ask
 * `isLeader()` before each run, so losing leadership stops work at the next tick.
 */
export interface LeaderElector {
  isLeader(): boolean;
  start(): Promise<void>;
  /** Gives leadership up (if held) and releases the connection. */
  stop(): Promise<void>;
}

/** SQLite means one process per data dir (the data-dir lock), so that process always leads. */
export function createSoleLeaderElector(): LeaderElector {
  let running = false;
  return {
    isLeader: () => running,
    start: async () => {
      running = true;
    },
    stop: async () => {
      running = false;
    },
  };
}

export interface PostgresLeaderElectorOptions {
  url: string;
  /** Advisory lock key; replicas of one Cairn share it. */
  lockKey?: number;
  /** How often a follower retries and a leader checks its connection. */
  retryMs?: number;
  logger?: Logger;
}

/** The advisory lock key of the scheduler's leader; a fixed constant so every replica and version agrees on it. */
export const SCHEDULER_LOCK_KEY = 719_263_401;

/**
 * PostgreSQL session advisory lock held on a dedicated connection: the lock lives exactly as long
 * as the session, so a crashed or partitioned leader loses it when its connection dies and another
 * replica's next `pg_try_advisory_lock` wins. A pooled connection would not do: the pool could hand
 * the session (and the lock) to another query or close it at random.
 */
export function createPostgresLeaderElector(options: PostgresLeaderElectorOptions): LeaderElector {
  const lockKey = options.lockKey ?? SCHEDULER_LOCK_KEY;
  const retryMs = options.retryMs ?? 5000;
  let client: pg.Client | undefined;
  let leader = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> = Promise.resolve();

  const dropConnection = async () => {
    const old = client;
    client = undefined;
    if (leader) options.logger?.warn({ lockKey }, 'lost scheduler leadership');
    leader = false;
    await old?.end().catch(() => {});
  };

  const attempt = async () => {
    try {
      if (!client) {
        const fresh = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
        // A dropped connection surfaces on the next query; without a listener it would crash the process.
        fresh.on('error', () => {});
        await fresh.connect();
        client = fresh;
      }
      if (leader) {
        await client.query('SELECT 1');
        return;
      }
      const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey]);
      if (result.rows[0]?.ok === true) {
        leader = true;
        options.logger?.info({ lockKey }, 'this replica leads the scheduler');
      }
    } catch (error) {
      options.logger?.warn({ err: error }, 'scheduler leader election failed; retrying');
      await dropConnection();
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      cycle = attempt().finally(schedule);
    }, retryMs);
  };

  return {
    isLeader: () => leader && !stopped,
    async start() {
      if (!stopped) return;
      stopped = false;
      cycle = attempt();
      await cycle;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await cycle;
      if (leader && client) await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => {});
      leader = false;
      await dropConnection();
    },
  };
}
