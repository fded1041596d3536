import type { Kysely, Selectable, Updateable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { ChangeTable } from '../../stores/state/schema.ts';

export type ChangeRow = Selectable<ChangeTable>;

export interface ChangeFilter {
  service?: string | undefined;
  environment?: string | undefined;
  /** Unset: every kind but `push`. */
  kind?: string | undefined;
  from: string;
  to: string;
  limit: number;
}

/** The only SQL touching `changes`. */
export function createChangeStore(db: Kysely<StateDatabase>) {
  const findByKey = (source: string, key: string): Promise<ChangeRow | undefined> =>
    db
      .selectFrom('changes')
      .selectAll()
      .where('source', '=', source)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();

  return {
    /**
     * Inserts unless a change with the same (source, idempotency key) exists; the unique index
     * decides, so two replicas racing on one delivery still record one change.
     */
    insertOnce: async (row: ChangeRow): Promise<{ inserted: boolean; row: ChangeRow }> => {
      if (row.idempotency_key === null) {
        await db.insertInto('changes').values(row).execute();
        return { inserted: true, row };
      }
      const inserted = await db
        .insertInto('changes')
        .values(row)
        .onConflict((oc) => oc.columns(['source', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { inserted: true, row };
      const existing = await findByKey(row.source, row.idempotency_key);
      if (!existing)
        throw new Error(`change ${row.source}/${row.idempotency_key} conflicted but is not there`);
      return { inserted: false, row: existing };
    },

    /** Deploys and rollbacks of a service in an environment at one revision, newest first. */
    listDeploysAtRevision: (service: string, environment: string, revision: string): Promise<ChangeRow[]> =>
      db
        .selectFrom('changes')
        .selectAll()
        .where('service', '=', service)
        .where('environment', '=', environment)
        .where('revision', '=', revision)
        .where('kind', 'in', ['deploy', 'rollback'])
        .orderBy('at', 'desc')
        .execute(),

    update: async (id: string, patch: Updateable<ChangeTable>): Promise<void> => {
      await db.updateTable('changes').set(patch).where('id', '=', id).execute();
    },

    remove: async (id: string): Promise<void> => {
      await db.deleteFrom('changes').where('id', '=', id).execute();
    },

    /** Newest first by when the change took effect. */
    list: (filter: ChangeFilter): Promise<ChangeRow[]> => {
      let query = db
        .selectFrom('changes')
        .selectAll()
        .where('at', '>=', filter.from)
        .where('at', '<', filter.to)
        .orderBy('at', 'desc')
        .orderBy('recorded_at', 'desc')
        .limit(filter.limit);
      if (filter.service !== undefined) query = query.where('service', '=', filter.service);
      if (filter.environment !== undefined) query = query.where('environment', '=', filter.environment);
      // Pushes are code not yet running: listed only when asked for by kind.
      query = query.where('kind', filter.kind === undefined ? '!=' : '=', filter.kind ?? 'push');
      return query.execute();
    },
  };
}

export type ChangeStore = ReturnType<typeof createChangeStore>;
