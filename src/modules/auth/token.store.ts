import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { ApiTokenTable } from '../../stores/state/schema.ts';

export type TokenRow = Selectable<ApiTokenTable>;

/** The only SQL touching `api_tokens`. */
export function createTokenStore(db: Kysely<StateDatabase>) {
  return {
    findById: (id: string): Promise<TokenRow | undefined> =>
      db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),

    list: (): Promise<TokenRow[]> =>
      db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute(),

    insert: async (row: TokenRow): Promise<void> => {
      await db.insertInto('api_tokens').values(row).execute();
    },

    /** Replaces the bootstrap token's hash (CAIRN_ADMIN_TOKEN may change between starts). */
    upsertBootstrap: async (row: TokenRow): Promise<void> => {
      await db
        .insertInto('api_tokens')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ secret_hash: row.secret_hash, revoked_at: null }))
        .execute();
    },

    revoke: async (id: string, at: string): Promise<boolean> => {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    touch: async (id: string, at: string): Promise<void> => {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
