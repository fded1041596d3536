import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../kernel/ids.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { RunbookStepMarkTable, RunbookWalkTable } from '../../stores/state/schema.ts';

export type RunbookWalkRow = Selectable<RunbookWalkTable>;
export type RunbookStepMarkRow = Selectable<RunbookStepMarkTable>;

/** The only SQL touching `runbook_walks` and `runbook_step_marks`. */
export function createRunbookStore(db: Kysely<StateDatabase>) {
  return {
    /** Replaces the path last walked for this incident and runbook. */
    saveWalk: async (row: RunbookWalkRow): Promise<void> => {
      await db
        .insertInto('runbook_walks')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['incident_id', 'runbook_id']).doUpdateSet({
            steps: row.steps,
            recommended_step: row.recommended_step,
            walked_at: row.walked_at,
          }),
        )
        .execute();
    },

    walks: (): Promise<RunbookWalkRow[]> => db.selectFrom('runbook_walks').selectAll().execute(),

    addMark: async (row: Omit<RunbookStepMarkRow, 'id'>): Promise<void> => {
      await db
        .insertInto('runbook_step_marks')
        .values({ ...row, id: newId() })
        .execute();
    },

    marksOf: (incidentId: string): Promise<RunbookStepMarkRow[]> =>
      db
        .selectFrom('runbook_step_marks')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('at')
        .execute(),

    allMarks: (): Promise<RunbookStepMarkRow[]> =>
      db.selectFrom('runbook_step_marks').selectAll().orderBy('at').execute(),
  };
}

export type RunbookStore = ReturnType<typeof createRunbookStore>;
