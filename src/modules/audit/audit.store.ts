import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { AuditLogTable } from '../../stores/state/schema.ts';
import type { AuditFilter } from './contract.ts';

export type AuditRow = Selectable<AuditLogTable>;

/** Where a page starts: the `at` and `id` of the last row of the previous page. */
export interface AuditCursor {
  at: string;
  id: string;
}

/** The only SQL touching `audit_log`. */
export function createAuditStore(db: Kysely<StateDatabase>) {
  return {
    insert: async (row: AuditRow): Promise<void> => {
      await db.insertInto('audit_log').values(row).execute();
    },
    /** Newest first, filtered; rows tied on `at` are ordered by id so pages never skip one. */
    list: (filter: AuditFilter, limit: number, after?: AuditCursor): Promise<AuditRow[]> => {
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (filter.actor) {
        const needle = `%${filter.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const actor = filter.actor;
        query = query.where((eb) =>
          eb.or([eb('actor_id', '=', actor), eb(eb.fn('lower', ['actor']), 'like', eb.val(needle))]),
        );
      }
      if (filter.service) query = query.where('service', '=', filter.service);
      if (filter.action) {
        query = filter.action.endsWith('.')
          ? query.where('action', '>=', filter.action).where('action', '<', `${filter.action}\uffff`)
          : query.where('action', '=', filter.action);
      }
      if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
      if (filter.from) query = query.where('at', '>=', filter.from);
      if (filter.to) query = query.where('at', '<', filter.to);
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
        );
      }
      return query.execute();
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
