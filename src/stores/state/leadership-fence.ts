import type { Transaction } from 'kysely';
import { ConflictError } from '../../kernel/errors.ts';
import type { StateDatabase } from './schema.ts';
import type { StateStore } from './state-store.ts';

/** What a leader holds: the lock it won and the epoch its win raised. */
export interface LeadershipToken {
  lockKey: number;
  epoch: number;
}

/** A write by a replica that is no longer the leader: a newer epoch exists. */
export class FencedOutError extends ConflictError {
  constructor(token: LeadershipToken, current: number | undefined) {
    super(
      `leadership epoch ${token.epoch} of lock ${token.lockKey} is no longer current ` +
        `(${current === undefined ? 'no leader is recorded' : `epoch ${current} leads now`}): ` +
        'this replica lost the lock and may not write as leader',
    );
    this.name = 'FencedOutError';
  }
}

/**
 * Runs `work` in one transaction that first checks `token` is still the newest epoch of its lock,
 * and throws {@link FencedOutError} otherwise. On PostgreSQL the epoch row is read `FOR SHARE`, so
 * a replica raising the epoch waits until this transaction ends, and a transaction that starts
 * after the raise sees the new epoch: no write of an old leader commits after a new leader won.
 * That holds even while the old leader still believes it leads (its connection was cut and it
 * has not noticed yet).
 */
export async function writeAsLeader<T>(
  state: Pick<StateStore, 'db' | 'dialect'>,
  token: LeadershipToken,
  work: (trx: Transaction<StateDatabase>) => Promise<T>,
): Promise<T> {
  return state.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('scheduler_leadership').select('epoch').where('lock_key', '=', token.lockKey);
    if (state.dialect === 'postgres') query = query.forShare();
    const current = (await query.executeTakeFirst())?.epoch;
    if (current !== token.epoch) throw new FencedOutError(token, current);
    return work(trx);
  });
}
