import type { Kysely } from 'kysely';

/**
 * Runbooks on incidents: the path last walked per incident and runbook (what "how often was each
 * step reached" counts), and the marks people set on steps (done, skipped, note, did not help).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runbook_walks')
    .addColumn('incident_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('runbook_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('recommended_step', 'varchar(200)')
    .addColumn('walked_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('runbook_walks_pk', ['incident_id', 'runbook_id'])
    .execute();
  await db.schema
    .createTable('runbook_step_marks')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('incident_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('runbook_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('step_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('runbook_step_marks_incident')
    .on('runbook_step_marks')
    .columns(['incident_id', 'runbook_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('runbook_step_marks').execute();
  await db.schema.dropTable('runbook_walks').execute();
}
