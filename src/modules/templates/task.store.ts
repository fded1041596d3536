import type { Kysely } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { TaskActionRun, TemplateUser } from './actions/action.ts';
import type { StepOutputs } from './engine/step-runner.ts';

export type { TaskActionRun };

export const TASK_STATUSES = ['open', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface StoredTask {
  id: string;
  template: string;
  status: TaskStatus;
  parameters: Record<string, unknown>;
  createdBy: string;
  user: TemplateUser | null;
  service: string | null;
  team: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  failedStep: string | null;
  failedStepIndex: number | null;
  error: string | null;
  stepOutputs: StepOutputs;
  output: Record<string, unknown> | null;
  attempts: number;
  actionRuns: TaskActionRun[];
}

export interface StoredTaskEvent {
  seq: number;
  at: string;
  stepId: string | null;
  level: string;
  message: string;
}

type Row = StateDatabase['template_tasks'];

function present(row: Row): StoredTask {
  return {
    id: row.id,
    template: row.template,
    status: row.status as TaskStatus, // written only from TASK_STATUSES by this store
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    createdBy: row.created_by,
    user: row.user_json ? (JSON.parse(row.user_json) as TemplateUser) : null,
    service: row.service,
    team: row.team,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    failedStep: row.failed_step,
    failedStepIndex: row.failed_step_index,
    error: row.error,
    stepOutputs: JSON.parse(row.step_outputs) as StepOutputs,
    output: row.output ? (JSON.parse(row.output) as Record<string, unknown>) : null,
    attempts: row.attempts,
    actionRuns: JSON.parse(row.action_runs) as TaskActionRun[], // written only by this store
  };
}

export interface TaskUpdate {
  status?: TaskStatus;
  startedAt?: string | null;
  finishedAt?: string | null;
  failedStep?: string | null;
  failedStepIndex?: number | null;
  error?: string | null;
  stepOutputs?: StepOutputs;
  output?: Record<string, unknown> | null;
  service?: string | null;
  team?: string | null;
  attempts?: number;
  actionRuns?: TaskActionRun[];
}

/** The only SQL touching the template task tables. */
export function createTaskStore(db: Kysely<StateDatabase>) {
  return {
    async insert(task: StoredTask): Promise<void> {
      await db
        .insertInto('template_tasks')
        .values({
          id: task.id,
          template: task.template,
          status: task.status,
          parameters: JSON.stringify(task.parameters),
          created_by: task.createdBy,
          user_json: task.user ? JSON.stringify(task.user) : null,
          service: task.service,
          team: task.team,
          created_at: task.createdAt,
          started_at: task.startedAt,
          finished_at: task.finishedAt,
          failed_step: task.failedStep,
          failed_step_index: task.failedStepIndex,
          error: task.error,
          step_outputs: JSON.stringify(task.stepOutputs),
          output: task.output ? JSON.stringify(task.output) : null,
          attempts: task.attempts,
          action_runs: JSON.stringify(task.actionRuns),
        })
        .execute();
    },

    async update(id: string, update: TaskUpdate): Promise<void> {
      const set: Partial<Row> = {};
      if (update.status !== undefined) set.status = update.status;
      if (update.startedAt !== undefined) set.started_at = update.startedAt;
      if (update.finishedAt !== undefined) set.finished_at = update.finishedAt;
      if (update.failedStep !== undefined) set.failed_step = update.failedStep;
      if (update.failedStepIndex !== undefined) set.failed_step_index = update.failedStepIndex;
      if (update.error !== undefined) set.error = update.error;
      if (update.stepOutputs !== undefined) set.step_outputs = JSON.stringify(update.stepOutputs);
      if (update.output !== undefined) set.output = update.output ? JSON.stringify(update.output) : null;
      if (update.service !== undefined) set.service = update.service;
      if (update.team !== undefined) set.team = update.team;
      if (update.attempts !== undefined) set.attempts = update.attempts;
      if (update.actionRuns !== undefined) set.action_runs = JSON.stringify(update.actionRuns);
      if (Object.keys(set).length === 0) return;
      await db.updateTable('template_tasks').set(set).where('id', '=', id).execute();
    },

    async get(id: string): Promise<StoredTask | null> {
      const row = await db.selectFrom('template_tasks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? present(row) : null;
    },

    /** Newest first. */
    async list(filter: { template?: string; status?: TaskStatus; limit: number }): Promise<StoredTask[]> {
      let query = db
        .selectFrom('template_tasks')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(filter.limit);
      if (filter.template) query = query.where('template', '=', filter.template);
      if (filter.status) query = query.where('status', '=', filter.status);
      return (await query.execute()).map(present);
    },

    /** Tasks that registered a service, for onboarding time. */
    async withService(): Promise<StoredTask[]> {
      const rows = await db
        .selectFrom('template_tasks')
        .selectAll()
        .where('service', 'is not', null)
        .orderBy('created_at')
        .execute();
      return rows.map(present);
    },

    async appendEvent(taskId: string, seq: number, event: Omit<StoredTaskEvent, 'seq'>): Promise<void> {
      await db
        .insertInto('template_task_events')
        .values({
          task_id: taskId,
          seq,
          at: event.at,
          step_id: event.stepId,
          level: event.level,
          message: event.message,
        })
        .execute();
    },

    /** Events after `afterSeq`, in order. */
    async events(taskId: string, afterSeq = 0): Promise<StoredTaskEvent[]> {
      const rows = await db
        .selectFrom('template_task_events')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({
        seq: row.seq,
        at: row.at,
        stepId: row.step_id,
        level: row.level,
        message: row.message,
      }));
    },

    async lastEventSeq(taskId: string): Promise<number> {
      const row = await db
        .selectFrom('template_task_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('task_id', '=', taskId)
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },

    async addCatalogSource(source: StateDatabase['template_catalog_sources']): Promise<void> {
      await db
        .insertInto('template_catalog_sources')
        .values(source)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    async catalogSources(): Promise<StateDatabase['template_catalog_sources'][]> {
      return db.selectFrom('template_catalog_sources').selectAll().orderBy('added_at').execute();
    },
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
