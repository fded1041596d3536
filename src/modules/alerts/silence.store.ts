import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { SilenceTable } from '../../stores/state/schema.ts';

export type SilenceRow = Selectable<SilenceTable>;

/** The only SQL touching `silences`. */
export function createSilenceStore(db: Kysely<StateDatabase>) {
  return {
    insert: async (row: SilenceRow): Promise<void> => {
      await db.insertInto('silences').values(row).execute();
    },
    findById: (id: string): Promise<SilenceRow | undefined> =>
      db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Silences that have not ended by `at` (active now or scheduled). */
    listCurrent: (at: string): Promise<SilenceRow[]> =>
      db.selectFrom('silences').selectAll().where('ends_at', '>', at).orderBy('starts_at').execute(),
    list: (): Promise<SilenceRow[]> =>
      db.selectFrom('silences').selectAll().orderBy('created_at', 'desc').limit(500).execute(),
    expire: async (id: string, at: string): Promise<void> => {
      await db
        .updateTable('silences')
        .set({ ends_at: at })
        .where('id', '=', id)
        .where('ends_at', '>', at)
        .execute();
    },
  };
}

export type SilenceStore = ReturnType<typeof createSilenceStore>;
