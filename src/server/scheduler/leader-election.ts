import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from '../../kernel/logger.ts';
import type { LeadershipToken } from '../../stores/state/index.ts';

/**
 * Decides which replica runs the work that must run once (rule evaluation, sweeps). Jobs ask
 * `isLeader()` before each run, so losing leadership stops work at the next tick.
 */
export interface LeaderElector {
  isLeader(): boolean;
  /**
   * Checks leadership with the store before leader-only work: false as soon as the lock's session
   * is gone or a newer epoch exists, even between two election ticks.
   */
  confirmLeadership(): Promise<boolean>;
  /** The lock and epoch this replica leads with, for fenced writes (`writeAsLeader`); undefined when not leading. */
  leadership(): LeadershipToken | undefined;
  start(): Promise<void>;
  /** Gives leadership up (if held) and releases the connection. */
  stop(): Promise<void>;
}

/** SQLite means one process per data dir (the data-dir lock), so that process always leads. */
export function createSoleLeaderElector(): LeaderElector {
  let running = false;
  return {
    isLeader: () => running,
    confirmLeadership: async () => running,
    // No other process can lead (the data dir lock), so there is nothing to fence against.
    leadership: () => undefined,
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
  /** Server-side limit on any statement of the election session; a stuck query loses leadership. */
  statementTimeoutMs?: number;
  logger?: Logger;
}

/** The advisory lock key of the scheduler's leader; a fixed constant so every replica and version agrees on it. */
export const SCHEDULER_LOCK_KEY = 719_263_401;

/**
 * Settings of the election session. `statement_timeout` and `idle_in_transaction_session_timeout`
 * stop a stuck statement or a forgotten transaction from holding PostgreSQL resources; TCP
 * keepalives on both ends (the client socket and the server's `tcp_keepalives_*`) notice a
 * silently dead peer in about a minute instead of the kernel's two hours, so a partitioned leader's
 * session, and with it the lock, ends; `query_timeout` bounds each call on the client side, where a
 * dead network would otherwise leave a query waiting forever.
 */
export function electionSessionConfig(url: string, statementTimeoutMs: number): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: 5000,
    application_name: 'cairn-scheduler',
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: statementTimeoutMs * 3,
    query_timeout: statementTimeoutMs * 2,
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
    options: '-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3',
  };
}

/**
 * PostgreSQL session advisory lock held on a dedicated connection: the lock lives exactly as long
 * as the session, so a crashed or partitioned leader loses it when its connection dies and another
 * replica's next `pg_try_advisory_lock` wins. A pooled connection would not do: the pool could hand
 * the session (and the lock) to another query or close it at random.
 *
 * Each win raises the lock's fencing epoch in `scheduler_leadership` (same session, right after the
 * lock). A leader confirms its epoch before each job and on every tick; writes made with
 * `writeAsLeader` and its {@link LeaderElector.leadership} token are refused once a newer epoch
 * exists. The database must be migrated (compose.ts migrates before the scheduler starts).
 */
export function createPostgresLeaderElector(options: PostgresLeaderElectorOptions): LeaderElector {
  const lockKey = options.lockKey ?? SCHEDULER_LOCK_KEY;
  const retryMs = options.retryMs ?? 5000;
  const holder = `${hostname()}:${process.pid}`;
  let client: pg.Client | undefined;
  let epoch: number | undefined;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> = Promise.resolve();

  const dropConnection = async () => {
    const old = client;
    client = undefined;
    if (epoch !== undefined) options.logger?.warn({ lockKey, epoch }, 'lost scheduler leadership');
    epoch = undefined;
    await old?.end().catch(() => {});
  };

  /** The newest epoch of the lock, read on the election session. */
  const currentEpoch = async (session: pg.Client): Promise<number | undefined> => {
    const result = await session.query<{ epoch: number }>(
      'SELECT epoch FROM scheduler_leadership WHERE lock_key = $1',
      [lockKey],
    );
    return result.rows[0]?.epoch;
  };

  const confirm = async (): Promise<boolean> => {
    const session = client;
    if (!session || epoch === undefined) return false;
    try {
      if ((await currentEpoch(session)) === epoch) return true;
      options.logger?.warn({ lockKey, epoch }, 'a newer scheduler leader exists');
    } catch (error) {
      options.logger?.warn({ err: error }, 'scheduler leadership check failed');
    }
    if (client === session) await dropConnection();
    return false;
  };

  const acquire = async (session: pg.Client) => {
    const result = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey]);
    if (result.rows[0]?.ok !== true) return;
    const raised = await session.query<{ epoch: number }>(
      `INSERT INTO scheduler_leadership (lock_key, epoch, holder, backend_pid, acquired_at)
       VALUES ($1, 1, $2, pg_backend_pid(), $3)
       ON CONFLICT (lock_key) DO UPDATE SET epoch = scheduler_leadership.epoch + 1,
         holder = EXCLUDED.holder, backend_pid = EXCLUDED.backend_pid, acquired_at = EXCLUDED.acquired_at
       RETURNING epoch`,
      [lockKey, holder, new Date().toISOString()],
    );
    epoch = raised.rows[0]?.epoch;
    options.logger?.info({ lockKey, epoch }, 'this replica leads the scheduler');
  };

  const attempt = async () => {
    try {
      if (!client) {
        const fresh = new pg.Client(electionSessionConfig(options.url, options.statementTimeoutMs ?? 5000));
        // A dropped connection surfaces on the next query; without a listener it would crash the process.
        fresh.on('error', () => {});
        await fresh.connect();
        client = fresh;
      }
      if (epoch !== undefined) await confirm();
      else await acquire(client);
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
    isLeader: () => epoch !== undefined && !stopped,
    confirmLeadership: async () => !stopped && (await confirm()),
    leadership: () => (epoch === undefined || stopped ? undefined : { lockKey, epoch }),
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
      if (epoch !== undefined && client)
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => {});
      await dropConnection();
    },
  };
}
