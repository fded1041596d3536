import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { SupportRequestTable } from '../../stores/state/schema.ts';

export type SupportRequestRow = Selectable<SupportRequestTable>;

/** The only SQL touching `support_requests`. */
export function createSupportStore(db: Kysely<StateDatabase>) {
  return {
    insert: async (row: SupportRequestRow): Promise<void> => {
      await db.insertInto('support_requests').values(row).execute();
    },

    find: (id: string): Promise<SupportRequestRow | undefined> =>
      db.selectFrom('support_requests').selectAll().where('id', '=', id).executeTakeFirst(),

    resolve: async (
      id: string,
      fields: Pick<SupportRequestRow, 'resolved_at' | 'resolved_by' | 'resolution'>,
    ): Promise<void> => {
      await db.updateTable('support_requests').set(fields).where('id', '=', id).execute();
    },

    /** Newest first. */
    list: (filter: { from: string; to: string; topic?: string | undefined }, limit: number) => {
      let query = db
        .selectFrom('support_requests')
        .selectAll()
        .where('created_at', '>=', filter.from)
        .where('created_at', '<', filter.to);
      if (filter.topic) query = query.where('topic', '=', filter.topic);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type SupportStore = ReturnType<typeof createSupportStore>;
