import type { Kysely } from 'kysely';

/**
 * Catalog entities (replaced per source on each sync), the problems a sync found, and changes.
 * JSON-valued columns are text in both dialects so that one code path reads them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalog_sources')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('label', 'varchar(2000)', (c) => c.notNull())
    .addColumn('last_sync_at', 'varchar(32)')
    .addColumn('last_success_at', 'varchar(32)')
    .addColumn('revision', 'varchar(64)')
    .addColumn('entity_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalog_entities')
    .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ref', 'varchar(400)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('namespace', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('title', 'varchar(400)')
    .addColumn('description', 'text')
    .addColumn('type', 'varchar(100)')
    .addColumn('lifecycle', 'varchar(100)')
    .addColumn('owner', 'varchar(200)')
    .addColumn('system', 'varchar(200)')
    .addColumn('depends_on', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('annotations', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('file', 'varchar(2000)', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_entities_pk', ['source_id', 'ref'])
    .execute();
  await db.schema
    .createIndex('catalog_entities_name')
    .on('catalog_entities')
    .columns(['kind', 'name'])
    .execute();

  await db.schema
    .createTable('catalog_errors')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('file', 'varchar(2000)')
    .addColumn('line', 'integer')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_errors_source').on('catalog_errors').column('source_id').execute();

  await db.schema
    .createTable('changes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(400)')
    .addColumn('service', 'varchar(200)')
    .addColumn('mapped', 'integer', (c) => c.notNull())
    .addColumn('source_ref', 'varchar(400)')
    .addColumn('environment', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'varchar(200)')
    .addColumn('previous_version', 'varchar(200)')
    .addColumn('revision', 'varchar(200)')
    .addColumn('commits', 'text', (c) => c.notNull())
    .addColumn('author', 'varchar(200)')
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)')
    .addColumn('description', 'text')
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // NULL keys never collide (both dialects), so changes sent without a key are all kept.
  await db.schema
    .createIndex('changes_idempotency')
    .on('changes')
    .columns(['source', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema.createIndex('changes_service_at').on('changes').columns(['service', 'at']).execute();
  await db.schema.createIndex('changes_at').on('changes').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('changes').execute();
  await db.schema.dropTable('catalog_errors').execute();
  await db.schema.dropTable('catalog_entities').execute();
  await db.schema.dropTable('catalog_sources').execute();
}
