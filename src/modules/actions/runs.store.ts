import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { ActionRunTable } from '../../stores/state/schema.ts';
import { ACTIVE_STATES, FINAL_STATES, type RunLogLine, type RunState } from './contract.ts';

export type RunRow = Selectable<ActionRunTable>;

export interface RunFilter {
  service?: string | undefined;
  status?: RunState | undefined;
  action?: string | undefined;
  incident?: string | undefined;
  limit: number;
}

/**
 * The only SQL touching `action_runs` and `action_run_logs`. Every state change is a conditional
 * UPDATE (`WHERE state IN (…)`): of two replicas racing on one run, exactly one sees a row change,
 * and that one acts. Final states release `active_service`, so the service takes a new run.
 */
export function createRunStore(db: Kysely<StateDatabase>) {
  return {
    /** False when the service has an active run already (the unique `active_service` index). */
    insert: async (row: RunRow): Promise<boolean> => {
      if (row.active_service === null) {
        await db.insertInto('action_runs').values(row).execute();
        return true;
      }
      const inserted = await db
        .insertInto('action_runs')
        .values(row)
        .onConflict((oc) => oc.column('active_service').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    findById: (id: string): Promise<RunRow | undefined> =>
      db.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirst(),

    activeForService: (service: string): Promise<RunRow | undefined> =>
      db.selectFrom('action_runs').selectAll().where('active_service', '=', service).executeTakeFirst(),

    list: (filter: RunFilter): Promise<RunRow[]> => {
      let query = db
        .selectFrom('action_runs')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit);
      if (filter.service !== undefined) query = query.where('service', '=', filter.service);
      if (filter.status !== undefined) query = query.where('state', '=', filter.status);
      if (filter.action !== undefined) query = query.where('action_id', '=', filter.action);
      if (filter.incident !== undefined) query = query.where('incident_id', '=', filter.incident);
      return query.execute();
    },

    /** Moves the run from one of `from` to `to`; true when this call made the move. */
    transition: async (
      id: string,
      from: readonly RunState[],
      to: RunState,
      patch: Partial<Omit<RunRow, 'id' | 'state'>> = {},
    ): Promise<boolean> => {
      const release = FINAL_STATES.includes(to) ? { active_service: null } : {};
      const result = await db
        .updateTable('action_runs')
        .set({ ...patch, ...release, state: to })
        .where('id', '=', id)
        .where('state', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Queued runs, oldest first, for a replica's worker to try to claim. */
    listQueued: (limit: number): Promise<RunRow[]> =>
      db
        .selectFrom('action_runs')
        .selectAll()
        .where('state', '=', 'queued')
        .orderBy('created_at')
        .limit(limit)
        .execute(),

    /** Running runs past their deadline by more than the grace: their replica is gone. */
    listAbandoned: (beforeIso: string): Promise<RunRow[]> =>
      db
        .selectFrom('action_runs')
        .selectAll()
        .where('state', '=', 'running')
        .where('deadline_at', '<', beforeIso)
        .execute(),

    requestCancel: async (id: string): Promise<void> => {
      await db.updateTable('action_runs').set({ cancel_requested: 1 }).where('id', '=', id).execute();
    },

    /** Stores the final outcome an automation reported, unless one was stored already. */
    setReport: async (id: string, report: string): Promise<boolean> => {
      const result = await db
        .updateTable('action_runs')
        .set({ report })
        .where('id', '=', id)
        .where('report', 'is', null)
        .where('state', 'in', [...ACTIVE_STATES])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    setLinks: async (id: string, links: string): Promise<void> => {
      await db.updateTable('action_runs').set({ links }).where('id', '=', id).execute();
    },

    /**
     * Appends lines after the run's last one. Two writers (the executing replica, a report on
     * another) may pick the same next number; the primary key refuses one, which tries again.
     */
    appendLog: async (runId: string, lines: readonly string[], at: string): Promise<void> => {
      if (lines.length === 0) return;
      for (let attempt = 0; ; attempt++) {
        const last = await db
          .selectFrom('action_run_logs')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('run_id', '=', runId)
          .executeTakeFirst();
        const first = Number(last?.seq ?? 0) + 1;
        try {
          await db
            .insertInto('action_run_logs')
            .values(lines.map((line, index) => ({ run_id: runId, seq: first + index, at, line })))
            .execute();
          return;
        } catch (error) {
          if (attempt >= 10) throw error;
        }
      }
    },

    logsAfter: async (runId: string, afterSeq: number, limit = 1000): Promise<RunLogLine[]> =>
      db
        .selectFrom('action_run_logs')
        .select(['seq', 'at', 'line'])
        .where('run_id', '=', runId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute(),
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
