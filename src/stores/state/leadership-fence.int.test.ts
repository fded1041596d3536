import { describe, expect, it } from 'vitest';
import { stateDialects } from '../../../test/support/state-dialects.ts';
import { writeAsLeader } from './leadership-fence.ts';

describe.each(await stateDialects())('leader-only writes on $dialect', (fixture) => {
  it('commit with the current epoch and are refused, unapplied, with an older one or none', async () => {
    const store = await fixture.open();
    try {
      const audit = (id: string) => (trx: Parameters<Parameters<typeof writeAsLeader>[2]>[0]) =>
        trx
          .insertInto('audit_log')
          .values({ id, at: new Date().toISOString(), actor: id, action: 'lead', target: 't', details: '{}' })
          .execute();
      await expect(writeAsLeader(store, { lockKey: 7, epoch: 1 }, audit('no-row'))).rejects.toThrow(
        'leadership epoch 1 of lock 7 is no longer current (no leader is recorded): ' +
          'this replica lost the lock and may not write as leader',
      );
      await store.db
        .insertInto('scheduler_leadership')
        .values({
          lock_key: 7,
          epoch: 3,
          holder: 'h:1',
          backend_pid: null,
          acquired_at: new Date().toISOString(),
        })
        .execute();
      await writeAsLeader(store, { lockKey: 7, epoch: 3 }, audit('current'));
      await expect(writeAsLeader(store, { lockKey: 7, epoch: 2 }, audit('stale'))).rejects.toThrow(
        'leadership epoch 2 of lock 7 is no longer current (epoch 3 leads now): ' +
          'this replica lost the lock and may not write as leader',
      );
      const rows = await store.db.selectFrom('audit_log').select('id').execute();
      expect(rows).toEqual([{ id: 'current' }]);
    } finally {
      await store.dispose();
    }
  });
});
