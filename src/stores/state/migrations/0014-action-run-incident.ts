import type { Kysely } from 'kysely';

/**
 * A run started from an incident names it: the incident's page lists the run, and every state
 * change of the run is written on the incident's timeline. Null for runs started elsewhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('action_runs').addColumn('incident_id', 'varchar(64)').execute();
  await db.schema
    .createIndex('action_runs_incident')
    .on('action_runs')
    .columns(['incident_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('action_runs_incident').execute();
  await db.schema.alterTable('action_runs').dropColumn('incident_id').execute();
}
