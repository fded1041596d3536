import type { Kysely } from 'kysely';

/**
 * History imported from another tool (past incidents, survey answers, support requests): one row
 * per imported record, keyed by the tool it came from and its id there, so importing the same
 * export twice records nothing new. The record itself lives in its own table (`record_id`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imported_records')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('external_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_records_pk', ['kind', 'source', 'external_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imported_records').execute();
}
