import type { Kysely } from 'kysely';

/**
 * Scorecard results: one row per scorecard, service and UTC day (the latest evaluation of the day
 * wins), so the portal shows today's level and the trend. Rules are JSON text in both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scorecard_results')
    .addColumn('scorecard', 'varchar(200)', (c) => c.notNull())
    .addColumn('service', 'varchar(200)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('team', 'varchar(200)')
    .addColumn('level', 'varchar(16)')
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('scorecard_results_pk', ['scorecard', 'service', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scorecard_results').execute();
}
