import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { FeedbackRatingTable, SurveyAnswerTable, SurveyPromptTable } from '../../stores/state/schema.ts';

export type RatingRow = Selectable<FeedbackRatingTable>;
export type SurveyAnswerRow = Selectable<SurveyAnswerTable>;
export type SurveyPromptRow = Selectable<SurveyPromptTable>;

export interface RatingFilter {
  from: string;
  to: string;
  subjectKind?: string | undefined;
  subjectId?: string | undefined;
}

/** The only SQL touching `feedback_ratings`, `survey_answers` and `survey_prompts`. */
export function createFeedbackStore(db: Kysely<StateDatabase>) {
  return {
    insertRating: async (row: RatingRow): Promise<void> => {
      await db.insertInto('feedback_ratings').values(row).execute();
    },

    /** Newest first. */
    listRatings: (filter: RatingFilter, limit: number): Promise<RatingRow[]> => {
      let query = db
        .selectFrom('feedback_ratings')
        .selectAll()
        .where('created_at', '>=', filter.from)
        .where('created_at', '<', filter.to);
      if (filter.subjectKind) query = query.where('subject_kind', '=', filter.subjectKind);
      if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    insertAnswer: async (row: SurveyAnswerRow): Promise<void> => {
      await db.insertInto('survey_answers').values(row).execute();
    },

    /** Newest first. */
    listAnswers: (from: string, to: string, limit: number): Promise<SurveyAnswerRow[]> =>
      db
        .selectFrom('survey_answers')
        .selectAll()
        .where('answered_at', '>=', from)
        .where('answered_at', '<', to)
        .orderBy('answered_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    lastAnswerAt: async (userId: string): Promise<string | null> => {
      const row = await db
        .selectFrom('survey_answers')
        .select('answered_at')
        .where('user_id', '=', userId)
        .orderBy('answered_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.answered_at ?? null;
    },

    findPrompt: (userId: string): Promise<SurveyPromptRow | undefined> =>
      db.selectFrom('survey_prompts').selectAll().where('user_id', '=', userId).executeTakeFirst(),

    /** Sets the fields given, creating the person's row on first use. */
    upsertPrompt: async (
      userId: string,
      fields: Partial<Pick<SurveyPromptRow, 'dismissed_at' | 'snoozed_until'>>,
    ): Promise<void> => {
      await db
        .insertInto('survey_prompts')
        .values({ user_id: userId, dismissed_at: null, snoozed_until: null, ...fields })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(fields))
        .execute();
    },
  };
}

export type FeedbackStore = ReturnType<typeof createFeedbackStore>;
