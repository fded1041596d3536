import type { Kysely } from 'kysely';

/**
 * Alerts (current state per fingerprint), every state change received (the idempotency key and
 * the history flapping and noise analytics read), incidents with their timeline, and silences /
 * maintenance windows. JSON-valued columns are text in both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('fingerprint', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('rule', 'varchar(400)', (c) => c.notNull())
    .addColumn('service', 'varchar(200)')
    .addColumn('severity', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('annotations', 'text', (c) => c.notNull())
    .addColumn('group_key', 'varchar(2000)')
    .addColumn('generator_url', 'varchar(2000)')
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)')
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addColumn('flapping', 'integer', (c) => c.notNull())
    .addColumn('silenced_by', 'varchar(64)')
    .addColumn('incident_id', 'varchar(64)')
    .addColumn('page_after', 'varchar(32)')
    .addColumn('first_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_status').on('alerts').columns(['status', 'updated_at']).execute();
  await db.schema.createIndex('alerts_incident').on('alerts').column('incident_id').execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('fingerprint', 'varchar(200)', (c) => c.notNull())
    .addColumn('rule', 'varchar(400)', (c) => c.notNull())
    .addColumn('service', 'varchar(200)')
    .addColumn('severity', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)')
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('flapping', 'integer', (c) => c.notNull())
    .addColumn('incident_id', 'varchar(64)')
    .execute();
  // Alertmanager HA peers deliver the same notification more than once: this key makes a repeat a no-op.
  await db.schema
    .createIndex('alert_events_once')
    .on('alert_events')
    .columns(['fingerprint', 'starts_at', 'status'])
    .unique()
    .execute();
  await db.schema.createIndex('alert_events_received').on('alert_events').column('received_at').execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('title', 'varchar(1000)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('severity', 'varchar(32)', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_alert_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('quiet_since', 'varchar(32)')
    .addColumn('acknowledged_at', 'varchar(32)')
    .addColumn('acknowledged_by', 'varchar(200)')
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('resolved_by', 'varchar(200)')
    .addColumn('paged', 'integer', (c) => c.notNull())
    .addColumn('paged_rule', 'varchar(400)')
    .addColumn('context', 'text')
    .execute();
  await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'started_at']).execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('incident_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_timeline_incident')
    .on('incident_timeline')
    .columns(['incident_id', 'seq'])
    .execute();

  await db.schema
    .createTable('silences')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('silences_ends_at').on('silences').column('ends_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('silences').execute();
  await db.schema.dropTable('incident_timeline').execute();
  await db.schema.dropTable('incidents').execute();
  await db.schema.dropTable('alert_events').execute();
  await db.schema.dropTable('alerts').execute();
}
