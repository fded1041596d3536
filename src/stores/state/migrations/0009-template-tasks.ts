import type { Kysely } from 'kysely';

/**
 * Scaffolder tasks started from templates, their log lines, and the catalog sources the tasks
 * registered (new repositories' catalog-info.yaml, synced beside the configured sources). JSON is
 * text in both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_tasks')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('template', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('user_json', 'text')
    .addColumn('service', 'varchar(200)')
    .addColumn('team', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('failed_step', 'varchar(200)')
    .addColumn('failed_step_index', 'integer')
    .addColumn('error', 'text')
    .addColumn('step_outputs', 'text', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_tasks_created_idx')
    .on('template_tasks')
    .column('created_at')
    .execute();
  await db.schema
    .createTable('template_task_events')
    .addColumn('task_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('step_id', 'varchar(200)')
    .addColumn('level', 'varchar(8)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_task_events_pk', ['task_id', 'seq'])
    .execute();
  await db.schema
    .createTable('template_catalog_sources')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('ref', 'varchar(200)')
    .addColumn('path', 'text')
    .addColumn('task_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('template', 'varchar(200)', (c) => c.notNull())
    .addColumn('added_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_catalog_sources').execute();
  await db.schema.dropTable('template_task_events').execute();
  await db.schema.dropTable('template_tasks').execute();
}
