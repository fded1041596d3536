/**
 * Template tasks: start (values checked, unsupported actions and filters refused up front), run in
 * the background with a kept, streamed log, cancel, retry from the failed step, dry run. Each task
 * works in its own workspace under `<dataDir>/template-tasks/<id>`, kept so a retry resumes there.
 */
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, NotFoundError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Logger } from '../../kernel/logger.ts';
import {
  CAIRN_STOPPING,
  type ScaffolderActionRegistry,
  type TaskActionRun,
  type TemplateUser,
} from './actions/action.ts';
import { type DryRunResult, dryRunTemplate, prepareTask } from './dry-run.ts';
import { parseEntityRef } from './engine/filters.ts';
import { type LogLevel, runSteps, StepFailedError, type StepOutputs } from './engine/step-runner.ts';
import type { StoredTask, StoredTaskEvent, TaskStore } from './task.store.ts';
import type { LoadedTemplate } from './template-loader.ts';

/** Who starts a task: the audit actor and what the template sees as `user`. */
export interface TaskStarter {
  actorId: string;
  name: string;
  email: string | null;
  /** The caller's principal, handed to `cairn:action` while the task runs. */
  principal: unknown;
}

/** Writes a task's end (and its output) to the audit trail. */
export type TaskAuditor = (entry: {
  actor: { id: string; name: string };
  task: StoredTask;
  outcome: 'succeeded' | 'failed';
}) => Promise<void>;

export interface TemplateServiceDeps {
  /** The templates running now: a config source may apply a new commit while Cairn runs. */
  templates: () => readonly LoadedTemplate[];
  actions: ScaffolderActionRegistry;
  store: TaskStore;
  /** Where task workspaces live. */
  workDir: string;
  /** The owner of a catalog service, once registered (for onboarding time per team). */
  ownerOf: (service: string) => Promise<string | null>;
  audit: TaskAuditor;
  clock: Clock;
  logger: Logger;
}

export type TaskEventListener = (event: StoredTaskEvent | { end: StoredTask }) => void;

function userOf(starter: TaskStarter): TemplateUser {
  const name = starter.actorId.replace(/^(user|token):/, '');
  return {
    ref: `user:default/${name}`,
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name },
      spec: { profile: { displayName: starter.name, ...(starter.email ? { email: starter.email } : {}) } },
    },
  };
}

/** The first `catalog:register` step's entity: the service the task created. */
function registeredService(template: LoadedTemplate, steps: StepOutputs): string | null {
  for (const step of template.steps) {
    if (step.action !== 'catalog:register') continue;
    const ref = steps[step.id]?.output.entityRef;
    if (typeof ref === 'string') {
      try {
        return parseEntityRef(ref, { defaultKind: 'component' }).name;
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function createTemplateService(deps: TemplateServiceDeps) {
  // Looked up on each use, so a template applied from a new commit is used by the next task.
  const byName = {
    get: (name: string) => deps.templates().find((t) => t.name === name),
    values: () => deps.templates(),
  };
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const nextSeq = new Map<string, number>();
  const writes = new Map<string, Promise<void>>();

  function templateNamed(name: string): LoadedTemplate {
    const template = byName.get(name);
    if (!template) throw new NotFoundError(`template "${name}" not found`);
    return template;
  }

  async function taskNamed(id: string): Promise<StoredTask> {
    const task = await deps.store.get(id);
    if (!task) throw new NotFoundError(`task "${id}" not found`);
    return task;
  }

  /** Log lines are written in order, one at a time per task, and published as they are kept. */
  function log(taskId: string, stepId: string | null, level: LogLevel, message: string): void {
    const seq = nextSeq.get(taskId) ?? 1;
    nextSeq.set(taskId, seq + 1);
    const event = { seq, at: deps.clock.now().toISOString(), stepId, level, message };
    const previous = writes.get(taskId) ?? Promise.resolve();
    const write = previous
      .then(() => deps.store.appendEvent(taskId, seq, event))
      .then(() => {
        bus.emit(taskId, event);
      })
      .catch((error: unknown) => deps.logger.error({ err: error, taskId }, 'writing a task log line failed'));
    writes.set(taskId, write);
  }

  /**
   * Keeps the latest state of each action run the task started, written in order behind the log
   * lines so the page that reads the log also finds the run.
   */
  function trackRun(taskId: string, run: TaskActionRun): void {
    const previous = writes.get(taskId) ?? Promise.resolve();
    const write = previous
      .then(async () => {
        const task = await deps.store.get(taskId);
        if (!task) return;
        const known = task.actionRuns.some((r) => r.runId === run.runId);
        await deps.store.update(taskId, {
          actionRuns: known
            ? task.actionRuns.map((r) => (r.runId === run.runId ? run : r))
            : [...task.actionRuns, run],
        });
      })
      .catch((error: unknown) => deps.logger.error({ err: error, taskId }, 'recording an action run failed'));
    writes.set(taskId, write);
  }

  async function execute(
    task: StoredTask,
    template: LoadedTemplate,
    principal: unknown,
    resume?: { fromStepIndex: number; steps: StepOutputs; message: string },
  ) {
    const controller = new AbortController();
    const workspacePath = join(deps.workDir, task.id, 'workspace');
    nextSeq.set(task.id, (await deps.store.lastEventSeq(task.id)) + 1);
    if (resume) log(task.id, null, 'info', resume.message);
    const done = (async () => {
      let final: StoredTask | null = null;
      try {
        await mkdir(workspacePath, { recursive: true });
        const result = await runSteps({
          template,
          parameters: task.parameters,
          user: task.user,
          principal,
          taskId: task.id,
          workspacePath,
          isDryRun: false,
          actions: deps.actions,
          signal: controller.signal,
          resume,
          earlierActionRuns: task.actionRuns,
          hooks: {
            log: (stepId, level, message) => log(task.id, stepId, level, message),
            actionRun: (run) => trackRun(task.id, run),
            stepFinished: async (_step, _status, steps) => deps.store.update(task.id, { stepOutputs: steps }),
          },
        });
        const service = registeredService(template, result.steps);
        await deps.store.update(task.id, {
          status: 'succeeded',
          finishedAt: deps.clock.now().toISOString(),
          stepOutputs: result.steps,
          output: result.output,
          failedStep: null,
          failedStepIndex: null,
          error: null,
          service,
          team: service ? await deps.ownerOf(service).catch(() => null) : null,
        });
        log(task.id, null, 'info', 'Task succeeded');
      } catch (error) {
        const stopping = controller.signal.aborted && controller.signal.reason === CAIRN_STOPPING;
        const cancelled = controller.signal.aborted && !stopping;
        const failed = error instanceof StepFailedError ? error : null;
        const message = error instanceof Error ? error.message : String(error);
        await deps.store.update(task.id, {
          status: cancelled ? 'cancelled' : 'failed',
          finishedAt: deps.clock.now().toISOString(),
          failedStep: failed?.stepId ?? null,
          failedStepIndex: failed?.stepIndex ?? 0,
          // Stopped with Cairn: failed at its step, ready to retry (as after a crash).
          error: cancelled
            ? 'cancelled'
            : stopping
              ? `interrupted: Cairn stopped while the task ran (${message})`
              : message,
        });
        log(
          task.id,
          failed?.stepId ?? null,
          'error',
          cancelled ? 'Task cancelled' : `Task failed: ${message}`,
        );
      } finally {
        running.delete(task.id);
        await writes.get(task.id);
        writes.delete(task.id);
        final = await deps.store.get(task.id);
        if (final) {
          bus.emit(task.id, { end: final });
          await deps
            .audit({
              actor: {
                id: final.createdBy,
                name: final.user?.entity.spec.profile.displayName ?? final.createdBy,
              },
              task: final,
              outcome: final.status === 'succeeded' ? 'succeeded' : 'failed',
            })
            .catch((error: unknown) => deps.logger.error({ err: error }, 'auditing a task failed'));
        }
      }
    })();
    running.set(task.id, { controller, done });
  }

  return {
    listTemplates(): LoadedTemplate[] {
      return [...byName.values()];
    },

    getTemplate: templateNamed,

    async dryRun(name: string, values: Record<string, unknown>, starter: TaskStarter): Promise<DryRunResult> {
      const template = templateNamed(name);
      return dryRunTemplate({
        template,
        values,
        actions: deps.actions,
        user: userOf(starter),
        tmpRoot: await mkdir(join(deps.workDir, 'dry-runs'), { recursive: true }).then(() =>
          join(deps.workDir, 'dry-runs'),
        ),
      });
    },

    /** Checks the template and values, records the task and starts it; resolves once it is recorded. */
    async create(name: string, values: Record<string, unknown>, starter: TaskStarter): Promise<StoredTask> {
      const template = templateNamed(name);
      const parameters = await prepareTask(template, values, deps.actions);
      const now = deps.clock.now().toISOString();
      const task: StoredTask = {
        id: newId(),
        template: name,
        status: 'running',
        parameters,
        createdBy: starter.actorId,
        user: userOf(starter),
        service: null,
        team: null,
        createdAt: now,
        startedAt: now,
        finishedAt: null,
        failedStep: null,
        failedStepIndex: null,
        error: null,
        stepOutputs: {},
        output: null,
        attempts: 1,
        actionRuns: [],
      };
      await deps.store.insert(task);
      await execute(task, template, starter.principal);
      return task;
    },

    get: taskNamed,

    list: (filter: { template?: string; limit: number }) => deps.store.list(filter),

    events: async (id: string, afterSeq = 0) => {
      await taskNamed(id);
      return deps.store.events(id, afterSeq);
    },

    /** Live events of a task; returns the function that stops listening. */
    subscribe(id: string, listener: TaskEventListener): () => void {
      bus.on(id, listener);
      return () => bus.off(id, listener);
    },

    isRunning: (id: string) => running.has(id),

    async cancel(id: string): Promise<StoredTask> {
      const task = await taskNamed(id);
      const run = running.get(id);
      if (!run) throw new ConflictError(`task "${id}" is ${task.status}, not running`);
      log(id, null, 'warn', 'Cancel requested');
      run.controller.abort();
      await run.done;
      return taskNamed(id);
    },

    /** Runs a failed or cancelled task again from the step that did not finish. */
    async retry(id: string, starter: TaskStarter): Promise<StoredTask> {
      const task = await taskNamed(id);
      if (task.status !== 'failed' && task.status !== 'cancelled') {
        throw new ConflictError(
          `task "${id}" is ${task.status}; only a failed or cancelled task can be retried`,
        );
      }
      const template = templateNamed(task.template);
      const fromStepIndex = task.failedStepIndex ?? 0;
      await deps.store.update(id, {
        status: 'running',
        finishedAt: null,
        error: null,
        attempts: task.attempts + 1,
      });
      await execute(task, template, starter.principal, {
        fromStepIndex,
        steps: task.stepOutputs,
        message: `Retrying from step ${template.steps[fromStepIndex]?.id ?? fromStepIndex}`,
      });
      return taskNamed(id);
    },

    /**
     * Tasks left running by a process that stopped are failed at the step they were in, so they
     * can be retried (their workspace is still on disk).
     */
    async recoverInterrupted(): Promise<number> {
      const interrupted = (await deps.store.list({ limit: 1000, status: 'running' })).filter(
        (t) => !running.has(t.id),
      );
      for (const task of interrupted) {
        const template = byName.get(task.template);
        const done = new Set(Object.keys(task.stepOutputs));
        const index = template
          ? Math.max(
              0,
              template.steps.findIndex((s) => !done.has(s.id)),
            )
          : 0;
        await deps.store.update(task.id, {
          status: 'failed',
          finishedAt: deps.clock.now().toISOString(),
          failedStep: template?.steps[index]?.id ?? null,
          failedStepIndex: index,
          error: 'interrupted: Cairn stopped while the task ran',
        });
      }
      return interrupted.length;
    },

    /** Waits for running tasks (tests, shutdown). */
    async drain(): Promise<void> {
      await Promise.all([...running.values()].map((run) => run.done.catch(() => {})));
    },

    /**
     * Stops every running task (Cairn is stopping) and waits for them: each is failed at its step,
     * ready to retry; an action run it waits on is left for the retry to follow.
     */
    async stop(): Promise<void> {
      for (const run of running.values()) run.controller.abort(CAIRN_STOPPING);
      await this.drain();
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
