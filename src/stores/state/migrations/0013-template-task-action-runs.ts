import type { Kysely } from 'kysely';

/**
 * The Cairn action runs a template task's `cairn:action` steps started (a JSON list of run id,
 * action, step and state), kept from the moment each run starts so the task page links a run
 * that waits for approval.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('template_tasks')
    .addColumn('action_runs', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('template_tasks').dropColumn('action_runs').execute();
}
