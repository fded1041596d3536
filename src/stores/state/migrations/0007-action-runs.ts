import type { Kysely } from 'kysely';

/**
 * Action runs and their logs. `active_service` holds the service while a run is queued, waiting
 * for approval or running, and is null otherwise: its unique index is what makes "one run at a
 * time per service" hold across replicas (NULLs never collide in SQLite or PostgreSQL). Inputs,
 * warnings, links and the reported outcome are JSON text in both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_runs')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('action_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('action_title', 'varchar(500)', (c) => c.notNull())
    .addColumn('service', 'varchar(200)')
    .addColumn('environment', 'varchar(200)')
    .addColumn('active_service', 'varchar(200)')
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('requested_by_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('requested_by_name', 'varchar(500)', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'varchar(200)')
    .addColumn('approval_required', 'integer', (c) => c.notNull())
    .addColumn('decided_by_id', 'varchar(200)')
    .addColumn('decided_by_name', 'varchar(500)')
    .addColumn('decision_comment', 'text')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('change_id', 'varchar(64)')
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(200)')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('deadline_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('action_runs_active_service')
    .on('action_runs')
    .column('active_service')
    .unique()
    .execute();
  await db.schema
    .createIndex('action_runs_state')
    .on('action_runs')
    .columns(['state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('action_runs_service')
    .on('action_runs')
    .columns(['service', 'created_at'])
    .execute();
  await db.schema
    .createTable('action_run_logs')
    .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_run_logs_pk', ['run_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_run_logs').execute();
  await db.schema.dropTable('action_runs').execute();
}
