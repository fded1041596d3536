import type { Kysely } from 'kysely';

/**
 * One row per leader-election lock: the fencing epoch, raised each time a replica takes the lock,
 * and which PostgreSQL session holds it. A leader's writes carry its epoch and are refused once a
 * newer one exists (see leadership-fence.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scheduler_leadership')
    .addColumn('lock_key', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('holder', 'varchar(300)', (c) => c.notNull())
    .addColumn('backend_pid', 'integer')
    .addColumn('acquired_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
