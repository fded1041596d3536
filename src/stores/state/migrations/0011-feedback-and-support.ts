import type { Kysely } from 'kysely';

/**
 * Developer feedback and support requests. Ratings: a thumbs up or down with an optional comment
 * on a subject (a page, an action run, a task, a runbook step). Survey answers: NPS 0–10 with a
 * comment and optional CSAT per capability (JSON text). Survey prompts: when a person last
 * dismissed the survey or asked to be reminded later, so it is shown at most once per period.
 * Support requests: `/platform-help …` from chat, with the topic, what Cairn answered (JSON) and
 * whether it was resolved without the platform team. Teams are JSON arrays of the person's teams
 * at the time, so NPS per team does not move when someone changes team.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback_ratings')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('subject_kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(500)', (c) => c.notNull())
    .addColumn('rating', 'varchar(8)', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('user_id', 'varchar(64)')
    .addColumn('author', 'varchar(200)', (c) => c.notNull())
    .addColumn('teams', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_ratings_subject')
    .on('feedback_ratings')
    .columns(['subject_kind', 'subject_id'])
    .execute();
  await db.schema
    .createIndex('feedback_ratings_created')
    .on('feedback_ratings')
    .column('created_at')
    .execute();
  await db.schema
    .createTable('survey_answers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('author', 'varchar(200)', (c) => c.notNull())
    .addColumn('teams', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('csat', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_answers_answered').on('survey_answers').column('answered_at').execute();
  await db.schema.createIndex('survey_answers_user').on('survey_answers').column('user_id').execute();
  await db.schema
    .createTable('survey_prompts')
    .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('dismissed_at', 'varchar(32)')
    .addColumn('snoozed_until', 'varchar(32)')
    .execute();
  await db.schema
    .createTable('support_requests')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('asker', 'varchar(200)', (c) => c.notNull())
    .addColumn('channel', 'varchar(200)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('topic', 'varchar(100)', (c) => c.notNull())
    .addColumn('suggestions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('resolved_by', 'varchar(200)')
    .addColumn('resolution', 'varchar(16)')
    .execute();
  await db.schema
    .createIndex('support_requests_created')
    .on('support_requests')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('support_requests').execute();
  await db.schema.dropTable('survey_prompts').execute();
  await db.schema.dropTable('survey_answers').execute();
  await db.schema.dropTable('feedback_ratings').execute();
}
