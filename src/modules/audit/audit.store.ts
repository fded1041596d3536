import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { AuditLogTable } from '../../stores/state/schema.ts';

export type AuditRow = Selectable<AuditLogTable>;

/** The only SQL touching `audit_log`. */
export function createAuditStore(db: Kysely<StateDatabase>) {
  return {
    insert: async (row: AuditRow): Promise<void> => {
      await db.insertInto('audit_log').values(row).execute();
    },
    /** Newest first; `before` is the `at` of the last row of the previous page. */
    list: (limit: number, before?: string): Promise<AuditRow[]> => {
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (before) query = query.where('at', '<', before);
      return query.execute();
    },
  };
}
