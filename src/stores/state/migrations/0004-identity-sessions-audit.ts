import { type Kysely, sql } from 'kysely';

/**
 * People signed in through OIDC, browser sessions, pending sign-ins (state, nonce and PKCE
 * verifier live here, not in memory, so any replica can finish a sign-in another started), token
 * owners and team limits, and the audit trail's actor, outcome, service and origin. The `write`
 * scope is now called `operate`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('issuer', 'varchar(400)', (c) => c.notNull())
    .addColumn('subject', 'varchar(400)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)')
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('idp_groups', 'text', (c) => c.notNull())
    .addColumn('catalog_user', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_subject').on('users').columns(['issuer', 'subject']).unique().execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)')
    .addColumn('token_id', 'varchar(64)')
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(32)')
    .addColumn('ip', 'varchar(100)')
    .addColumn('user_agent', 'varchar(400)')
    .execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('oidc_logins')
    .addColumn('state', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('return_to', 'varchar(2000)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('api_tokens').addColumn('owner_user_id', 'varchar(64)').execute();
  await db.schema.alterTable('api_tokens').addColumn('teams', 'text').execute();
  await sql`update api_tokens set scope = 'operate' where scope = 'write'`.execute(db);

  await db.schema
    .alterTable('audit_log')
    .addColumn('actor_id', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull().defaultTo('succeeded'))
    .execute();
  await db.schema.alterTable('audit_log').addColumn('service', 'varchar(200)').execute();
  await db.schema.alterTable('audit_log').addColumn('ip', 'varchar(100)').execute();
  await db.schema.alterTable('audit_log').addColumn('user_agent', 'varchar(400)').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_log_service').on('audit_log').columns(['service', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_service').execute();
  await db.schema.dropIndex('audit_log_actor').execute();
  for (const column of ['user_agent', 'ip', 'service', 'outcome', 'actor_id']) {
    await db.schema.alterTable('audit_log').dropColumn(column).execute();
  }
  await sql`update api_tokens set scope = 'write' where scope = 'operate'`.execute(db);
  await db.schema.alterTable('api_tokens').dropColumn('teams').execute();
  await db.schema.alterTable('api_tokens').dropColumn('owner_user_id').execute();
  await db.schema.dropTable('oidc_logins').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
