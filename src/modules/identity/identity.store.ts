import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { OidcLoginTable, SessionTable, UserTable } from '../../stores/state/schema.ts';

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type OidcLoginRow = Selectable<OidcLoginTable>;

/** The only SQL touching `users`, `sessions` and `oidc_logins`. */
export function createIdentityStore(db: Kysely<StateDatabase>) {
  return {
    findUser: (id: string): Promise<UserRow | undefined> =>
      db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    findUserBySubject: (issuer: string, subject: string): Promise<UserRow | undefined> =>
      db
        .selectFrom('users')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst(),

    insertUser: async (row: UserRow): Promise<void> => {
      await db.insertInto('users').values(row).execute();
    },

    /** What the latest sign-in said about the person (name, email and groups can change at the IdP). */
    updateUserSignIn: async (
      id: string,
      fields: Pick<UserRow, 'email' | 'name' | 'idp_groups' | 'catalog_user' | 'last_sign_in_at'>,
    ): Promise<void> => {
      await db.updateTable('users').set(fields).where('id', '=', id).execute();
    },

    insertSession: async (row: SessionRow): Promise<void> => {
      await db.insertInto('sessions').values(row).execute();
    },

    /** A session that has neither ended nor expired at `now`. */
    findLiveSession: (id: string, now: string): Promise<SessionRow | undefined> =>
      db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst(),

    endSession: async (id: string, at: string): Promise<boolean> => {
      const result = await db
        .updateTable('sessions')
        .set({ ended_at: at })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Sessions and pending sign-ins past their time are of no use to anyone. */
    purgeExpired: async (now: string): Promise<void> => {
      await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
      await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
    },

    insertLogin: async (row: OidcLoginRow): Promise<void> => {
      await db.insertInto('oidc_logins').values(row).execute();
    },

    /** Takes a pending sign-in: it can be completed once only. */
    takeLogin: async (state: string, now: string): Promise<OidcLoginRow | undefined> => {
      const row = await db
        .selectFrom('oidc_logins')
        .selectAll()
        .where('state', '=', state)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      const deleted = await db.deleteFrom('oidc_logins').where('state', '=', state).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0 ? row : undefined;
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
