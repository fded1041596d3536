import { type Kysely, sql } from 'kysely';
import type { StateDatabase, StateStore } from '../../stores/state/index.ts';

/**
 * `SELECT hashtext('cairn-incident-grouping')`, fixed so every replica and version agrees on the
 * key; it differs from the scheduler's leader lock so grouping never waits on leadership.
 */
export const INCIDENT_GROUPING_LOCK_KEY = -1_050_290_062;

/**
 * Runs `work` so that no other Cairn process runs grouping work at the same time, handing it the
 * database handle it must use for every statement inside.
 *
 * On PostgreSQL several replicas share the store: `work` runs in a transaction that first takes a
 * transaction-scoped advisory lock, so "find the joinable incident, else open one" is decided by
 * one replica at a time and the lock goes with the commit (or a dropped connection). On SQLite one
 * process is the only writer and the alert intake already serialises its work, so `work` runs
 * directly on `db`.
 */
export async function withGroupingLock<T>(
  db: Kysely<StateDatabase>,
  dialect: StateStore['dialect'],
  work: (db: Kysely<StateDatabase>) => Promise<T>,
): Promise<T> {
  if (dialect === 'sqlite') return work(db);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${INCIDENT_GROUPING_LOCK_KEY})`.execute(trx);
    return work(trx);
  });
}
