import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { stateDialects } from '../../../test/support/state-dialects.ts';
import { stateMigrations } from './migrations/index.ts';
import { migrateStateStore, openStateStore, redactUrl } from './state-store.ts';

describe.each(await stateDialects())('state store on $dialect', (fixture) => {
  it('applies every migration once; a second run applies none', async () => {
    const store = await fixture.open();
    try {
      expect(await migrateStateStore(store)).toEqual([]);
      const { rows: applied } = await sql<{
        name: string;
      }>`SELECT name FROM cairn_migrations ORDER BY name`.execute(store.db);
      expect(applied).toEqual(Object.keys(stateMigrations).map((name) => ({ name })));
      const tables = (await store.db.introspection.getTables()).map((table) => table.name);
      expect(tables).toEqual(expect.arrayContaining(['api_tokens', 'audit_log']));
      await store.ping();
    } finally {
      await store.dispose();
    }
  });

  it('writes and reads rows through Kysely', async () => {
    const store = await fixture.open();
    try {
      await store.db
        .insertInto('audit_log')
        .values({
          id: 'a1',
          at: '2026-11-25T00:00:00.000Z',
          actor: 'me',
          actor_id: 'user:me',
          outcome: 'succeeded',
          action: 'x',
          target: 't',
          details: '{}',
        })
        .execute();
      const again = await store.db.selectFrom('audit_log').select(['id', 'actor']).execute();
      expect(again).toEqual([{ id: 'a1', actor: 'me' }]);
    } finally {
      await store.dispose();
    }
  });
});

describe('state store connection errors', () => {
  it('names the PostgreSQL URL it could not reach, without its password', async () => {
    await expect(
      openStateStore({ url: 'postgres://cairn:hunter2@127.0.0.1:1/cairn', dataDir: '/tmp' }),
    ).rejects.toThrow(
      'cannot connect to state store postgres://cairn:***@127.0.0.1:1/cairn: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('redacts passwords from URLs it prints', () => {
    expect(redactUrl('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x');
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
  });
});
