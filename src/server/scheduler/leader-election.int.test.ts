import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, postgresAvailable, type TempDatabase } from '../../../test/support/postgres.ts';
import { createLogger } from '../../kernel/logger.ts';
import {
  type LeadershipToken,
  migrateStateStore,
  openStateStore,
  type StateStore,
  writeAsLeader,
} from '../../stores/state/index.ts';
import {
  createPostgresLeaderElector,
  createSoleLeaderElector,
  electionSessionConfig,
} from './leader-election.ts';
import { createPeriodicScheduler } from './periodic-scheduler.ts';

const logger = createLogger('silent');
const wait = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('leader election on sqlite', () => {
  it('makes the only process the leader, and its scheduler runs jobs only while started', async () => {
    const elector = createSoleLeaderElector();
    const scheduler = createPeriodicScheduler({ elector, logger });
    let runs = 0;
    scheduler.add({ name: 'count', intervalMs: 10, run: async () => void runs++ });
    await scheduler.runAllNow();
    expect(runs).toBe(0);
    await scheduler.start();
    expect(elector.isLeader()).toBe(true);
    await wait(() => runs >= 3);
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
    expect(elector.isLeader()).toBe(false);
  });
});

describe.runIf(await postgresAvailable())('leader election on postgres', () => {
  let database: TempDatabase;
  let state: StateStore;
  beforeAll(async () => {
    database = await createTempDatabase();
    // The fencing epochs live in the migrated state schema, as in a running Cairn.
    state = await openStateStore({ url: database.url, dataDir: '.' });
    await migrateStateStore(state);
  });

  afterAll(async () => {
    await state?.close();
    await database?.drop();
  });

  /** A leader-only write: one audit row naming who wrote it. */
  const writeAs = (token: LeadershipToken | undefined, actor: string) => {
    if (!token) throw new Error(`${actor} holds no leadership`);
    return writeAsLeader(state, token, (trx) =>
      trx
        .insertInto('audit_log')
        .values({
          id: actor,
          at: new Date().toISOString(),
          actor,
          action: 'lead',
          target: 't',
          details: '{}',
        })
        .execute(),
    );
  };

  it('runs its session with statement, idle-in-transaction and keepalive limits', async () => {
    const session = new pg.Client(electionSessionConfig(database.url, 200));
    await session.connect();
    try {
      const { rows } = await session.query<Record<string, string>>(
        `SELECT current_setting('statement_timeout') AS statement,
                current_setting('idle_in_transaction_session_timeout') AS idle,
                current_setting('tcp_keepalives_idle') AS keepalive_idle,
                current_setting('tcp_keepalives_count') AS keepalive_count,
                current_setting('application_name') AS application`,
      );
      expect(rows).toEqual([
        {
          statement: '200ms',
          idle: '600ms',
          keepalive_idle: '30',
          keepalive_count: '3',
          application: 'cairn-scheduler',
        },
      ]);
      await expect(session.query('SELECT pg_sleep(2)')).rejects.toThrow(
        'canceling statement due to statement timeout',
      );
    } finally {
      await session.end();
    }
  });

  it('loses leadership when its session is terminated: its writes are refused and another replica takes over', async () => {
    const lockKey = 4545;
    // The first leader would notice only after a minute: the fence, not its own tick, must stop it.
    const first = createPostgresLeaderElector({ url: database.url, lockKey, retryMs: 60_000, logger });
    const second = createPostgresLeaderElector({ url: database.url, lockKey, retryMs: 50, logger });
    const firstScheduler = createPeriodicScheduler({ elector: first, logger });
    let firstRuns = 0;
    firstScheduler.add({ name: 'lead', intervalMs: 60_000, run: async () => void firstRuns++ });
    await firstScheduler.start();
    await second.start();
    const firstToken = first.leadership();
    expect(firstToken).toEqual({ lockKey, epoch: 1 });
    expect(second.leadership()).toBeUndefined();
    await writeAs(firstToken, 'first-while-leading');
    await firstScheduler.runAllNow();
    expect(firstRuns).toBe(1);

    const { rows } = await sql<{ backend_pid: number }>`
      SELECT backend_pid FROM scheduler_leadership WHERE lock_key = ${lockKey}`.execute(state.db);
    await sql`SELECT pg_terminate_backend(${rows[0]?.backend_pid})`.execute(state.db);

    await wait(() => second.isLeader());
    expect(second.leadership()).toEqual({ lockKey, epoch: 2 });
    // The first replica has not noticed yet; its stale belief can neither write nor run jobs.
    expect(first.isLeader()).toBe(true);
    await expect(writeAs(firstToken, 'first-after-losing')).rejects.toThrow(
      `leadership epoch 1 of lock ${lockKey} is no longer current (epoch 2 leads now): ` +
        'this replica lost the lock and may not write as leader',
    );
    await firstScheduler.runAllNow();
    expect(firstRuns).toBe(1);
    expect(first.isLeader()).toBe(false);
    expect(await first.confirmLeadership()).toBe(false);

    await writeAs(second.leadership(), 'second-leading');
    const written = await state.db.selectFrom('audit_log').select('actor').orderBy('actor').execute();
    expect(written.map((row) => row.actor)).toEqual(['first-while-leading', 'second-leading']);
    await firstScheduler.stop();
    await second.stop();
  });

  it('lets exactly one of two electors lead, and the other take over when the leader stops', async () => {
    const lockKey = 4242;
    const first = createPostgresLeaderElector({ url: database.url, lockKey, retryMs: 50, logger });
    const second = createPostgresLeaderElector({ url: database.url, lockKey, retryMs: 50, logger });
    await first.start();
    await second.start();
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);

    await first.stop();
    expect(first.isLeader()).toBe(false);
    await wait(() => second.isLeader());
    expect(second.isLeader()).toBe(true);
    await second.stop();
  });

  it('runs a job on the leader replica only', async () => {
    const runs = { a: 0, b: 0 };
    const make = (name: 'a' | 'b') => {
      const scheduler = createPeriodicScheduler({
        elector: createPostgresLeaderElector({ url: database.url, lockKey: 4343, retryMs: 50, logger }),
        logger,
      });
      scheduler.add({ name: 'eval', intervalMs: 10, run: async () => void runs[name]++ });
      return scheduler;
    };
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    await wait(() => runs.a >= 5);
    expect(runs.b).toBe(0);
    await a.stop();
    await wait(() => runs.b >= 3);
    await b.stop();
  });
});
