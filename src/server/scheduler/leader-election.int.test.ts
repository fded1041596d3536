import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, postgresAvailable, type TempDatabase } from '../../../test/support/postgres.ts';
import { createLogger } from '../../kernel/logger.ts';
import { createPostgresLeaderElector, createSoleLeaderElector } from './leader-election.ts';
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
  beforeAll(async () => {
    database = await createTempDatabase();
  });
  afterAll(async () => {
    await database?.drop();
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
