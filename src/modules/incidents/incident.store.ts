import type { Kysely, Selectable, Updateable } from 'kysely';
import { newId } from '../../kernel/ids.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { IncidentTable, IncidentTimelineTable } from '../../stores/state/schema.ts';

export type IncidentRow = Selectable<IncidentTable>;
export type TimelineRow = Selectable<IncidentTimelineTable>;

/** The only SQL touching `incidents` and `incident_timeline`. */
export function createIncidentStore(db: Kysely<StateDatabase>) {
  return {
    insert: async (row: IncidentRow): Promise<void> => {
      await db.insertInto('incidents').values(row).execute();
    },

    findById: (id: string): Promise<IncidentRow | undefined> =>
      db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst(),

    update: async (id: string, changes: Updateable<IncidentTable>): Promise<void> => {
      await db.updateTable('incidents').set(changes).where('id', '=', id).execute();
    },

    /**
     * Sets paged = 1 unless already set; true when this call did it, so that of two racing
     * alerts exactly one sends the page.
     */
    claimPage: async (id: string, rule: string): Promise<boolean> => {
      const result = await db
        .updateTable('incidents')
        .set({ paged: 1, paged_rule: rule })
        .where('id', '=', id)
        .where('paged', '=', 0)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Unresolved incidents with an alert since `since`, oldest first. */
    listJoinable: (since: string): Promise<IncidentRow[]> =>
      db
        .selectFrom('incidents')
        .selectAll()
        .where('status', '!=', 'resolved')
        .where('last_alert_at', '>=', since)
        .orderBy('started_at')
        .execute(),

    /** Unresolved incidents whose alerts all resolved by `before`. */
    listQuietBefore: (before: string): Promise<IncidentRow[]> =>
      db
        .selectFrom('incidents')
        .selectAll()
        .where('status', '!=', 'resolved')
        .where('quiet_since', 'is not', null)
        .where('quiet_since', '<=', before)
        .execute(),

    list: (status: string | undefined, limit: number): Promise<IncidentRow[]> => {
      let query = db.selectFrom('incidents').selectAll();
      if (status) query = query.where('status', '=', status);
      return query.orderBy('started_at', 'desc').limit(limit).execute();
    },

    listByIds: (ids: readonly string[]): Promise<IncidentRow[]> =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute(),

    listStartedBetween: (from: string, to: string): Promise<IncidentRow[]> =>
      db
        .selectFrom('incidents')
        .selectAll()
        .where('started_at', '>=', from)
        .where('started_at', '<', to)
        .execute(),

    appendTimeline: async (
      incidentId: string,
      entry: { at: string; kind: string; message: string; details: Record<string, unknown> },
    ): Promise<void> => {
      const last = await db
        .selectFrom('incident_timeline')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('incident_id', '=', incidentId)
        .executeTakeFirst();
      await db
        .insertInto('incident_timeline')
        .values({
          id: newId(),
          incident_id: incidentId,
          seq: Number(last?.seq ?? 0) + 1,
          at: entry.at,
          kind: entry.kind,
          message: entry.message,
          details: JSON.stringify(entry.details),
        })
        .execute();
    },

    timeline: (incidentId: string): Promise<TimelineRow[]> =>
      db
        .selectFrom('incident_timeline')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('seq')
        .execute(),
  };
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;
