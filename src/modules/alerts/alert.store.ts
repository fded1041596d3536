import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { AlertEventTable, AlertTable } from '../../stores/state/schema.ts';

export type AlertRow = Selectable<AlertTable>;
export type AlertEventRow = Selectable<AlertEventTable>;

/** The only SQL touching `alerts` and `alert_events`. */
export function createAlertStore(db: Kysely<StateDatabase>) {
  return {
    /**
     * Records a state change once; false when this (fingerprint, startsAt, status) was already
     * recorded, which is how Alertmanager HA duplicates become no-ops.
     */
    insertEvent: async (row: AlertEventRow): Promise<boolean> => {
      const result = await db
        .insertInto('alert_events')
        .values(row)
        .onConflict((oc) => oc.columns(['fingerprint', 'starts_at', 'status']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    /** State changes of one alert received since `since`. */
    countEventsSince: async (fingerprint: string, since: string): Promise<number> => {
      const row = await db
        .selectFrom('alert_events')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('fingerprint', '=', fingerprint)
        .where('received_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    setEventIncident: async (
      fingerprint: string,
      startsAt: string,
      status: string,
      incidentId: string | null,
      flapping: boolean,
    ): Promise<void> => {
      await db
        .updateTable('alert_events')
        .set({ incident_id: incidentId, flapping: flapping ? 1 : 0 })
        .where('fingerprint', '=', fingerprint)
        .where('starts_at', '=', startsAt)
        .where('status', '=', status)
        .execute();
    },

    eventsBetween: (from: string, to: string): Promise<AlertEventRow[]> =>
      db
        .selectFrom('alert_events')
        .selectAll()
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .orderBy('received_at')
        .execute(),

    findByFingerprint: (fingerprint: string): Promise<AlertRow | undefined> =>
      db.selectFrom('alerts').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst(),

    upsert: async (row: AlertRow): Promise<void> => {
      const { id: _id, fingerprint: _fp, first_seen_at: _first, ...changes } = row;
      await db
        .insertInto('alerts')
        .values(row)
        .onConflict((oc) => oc.column('fingerprint').doUpdateSet(changes))
        .execute();
    },

    list: (status: string | undefined, limit: number): Promise<AlertRow[]> => {
      let query = db.selectFrom('alerts').selectAll();
      if (status) query = query.where('status', '=', status);
      return query.orderBy('updated_at', 'desc').limit(limit).execute();
    },

    /** Firing alerts from one source (an Alertmanager, the SLO evaluator, the capacity forecast). */
    listFiringFrom: (source: string): Promise<AlertRow[]> =>
      db
        .selectFrom('alerts')
        .selectAll()
        .where('source', '=', source)
        .where('status', '=', 'firing')
        .orderBy('fingerprint')
        .execute(),

    listByIncident: (incidentId: string): Promise<AlertRow[]> =>
      db
        .selectFrom('alerts')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('first_seen_at')
        .execute(),

    /** Firing warnings whose transient hold ended by `at`, still waiting to page. */
    listHeldDue: (at: string): Promise<AlertRow[]> =>
      db
        .selectFrom('alerts')
        .selectAll()
        .where('status', '=', 'firing')
        .where('page_after', 'is not', null)
        .where('page_after', '<=', at)
        .execute(),

    clearPageAfter: async (fingerprint: string): Promise<void> => {
      await db
        .updateTable('alerts')
        .set({ page_after: null })
        .where('fingerprint', '=', fingerprint)
        .execute();
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
