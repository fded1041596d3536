import type { Kysely } from 'kysely';

/**
 * Policy results worth keeping: one row per source, resource and policy in its latest state — a
 * failing policy (open until the resource passes it or is deleted), or an exception that let the
 * resource through. `actions` is a JSON array of validation actions (Deny, Warn, Audit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policy_violations')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('resource', 'varchar(400)', (c) => c.notNull())
    .addColumn('resource_kind', 'varchar(100)', (c) => c.notNull())
    .addColumn('namespace', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('service', 'varchar(200)')
    .addColumn('policy', 'varchar(200)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('exception', 'varchar(200)')
    .addColumn('first_seen', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen', 'varchar(32)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .addUniqueConstraint('policy_violations_key', ['source', 'resource', 'policy'])
    .execute();
  await db.schema
    .createIndex('policy_violations_service')
    .on('policy_violations')
    .column('service')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('policy_violations').execute();
}
