/**
 * Executes queued runs. Every replica runs a worker; a run is executed by the one whose
 * conditional UPDATE moved it from queued to running, so it executes once however many replicas
 * race for it. The worker owns the run from then on: the log, the timeout and cancellation (an
 * AbortSignal the executor sees), the final state, the change record and the audit entries.
 */
import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import { type AuditService, CAIRN_ACTOR } from '../audit/index.ts';
import type { ChangeService } from '../changes/index.ts';
import {
  type ActionDefinition,
  RECORDED_CHANGE_KINDS,
  type RunReport,
  RunReportSchema,
  type RunState,
} from './contract.ts';
import type { ExecutionOutcome, ExecutorRegistry, RunLink } from './executor.ts';
import type { RunIncidentLink } from './run-incident-link.ts';
import type { RunRow, RunStore } from './runs.store.ts';
import { substituteSettings } from './settings-template.ts';

export interface RunWorkerDeps {
  store: RunStore;
  action: (id: string) => ActionDefinition | undefined;
  executors: ExecutorRegistry;
  audit: Pick<AuditService, 'record'>;
  changes: Pick<ChangeService, 'record' | 'recentForService'>;
  /** The requester's email, for commit authors and the tool's own audit. */
  emailOf: (userId: string) => Promise<string | null>;
  /** Where a run started from an incident notes its state changes. */
  incidents: Pick<RunIncidentLink, 'changed'>;
  /** Names this replica in `claimed_by`. */
  replicaId: string;
  clock: Clock;
  logger: Logger;
  /** How often the worker looks for queued runs and watches for cancellation and reports. */
  pollIntervalMs: number;
}

type Ending = { state: RunState; message: string; change?: ExecutionOutcome['change'] };

export function createRunWorker(deps: RunWorkerDeps) {
  const { store, clock } = deps;
  const local = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const audit = (row: RunRow, state: RunState, details: Record<string, unknown> = {}) =>
    deps.audit.record({
      actor: CAIRN_ACTOR,
      action: `action-run.${state}`,
      target: `run:${row.id}`,
      service: row.service,
      details: { action: row.action_id, ...details },
    });

  /** Claims `id` if it is still queued and executes it here; resolves when it has ended. */
  async function execute(id: string): Promise<void> {
    if (stopped || local.has(id)) return local.get(id)?.done;
    const row = await store.findById(id);
    if (row?.state !== 'queued') return;
    const startedAt = clock.now();
    const deadline = new Date(startedAt.getTime() + row.timeout_seconds * 1000);
    const claimed = await store.transition(id, ['queued'], 'running', {
      claimed_by: deps.replicaId,
      started_at: startedAt.toISOString(),
      deadline_at: deadline.toISOString(),
    });
    if (!claimed) return;
    const controller = new AbortController();
    const running: RunRow = {
      ...row,
      state: 'running',
      claimed_by: deps.replicaId,
      started_at: startedAt.toISOString(),
      deadline_at: deadline.toISOString(),
    };
    const done = deps.incidents
      .changed(running)
      .then(() => runClaimed(running, controller))
      .finally(() => local.delete(id));
    local.set(id, { controller, done });
    return done;
  }

  async function runClaimed(row: RunRow, controller: AbortController): Promise<void> {
    await audit(row, 'running', { replica: deps.replicaId });
    let logChain = Promise.resolve();
    const log = (line: string) => {
      const at = clock.now().toISOString();
      logChain = logChain
        .then(() => store.appendLog(row.id, [line], at))
        .catch((error: unknown) => {
          deps.logger.warn({ err: error, run: row.id }, 'writing a run log line failed');
        });
    };
    const links: RunLink[] = JSON.parse(row.links) as RunLink[]; // written as JSON of RunLink[]
    const ending = await withDeadline(row, controller, async (signal) => {
      const action = deps.action(row.action_id);
      const executor = action ? deps.executors[action.executor.kind] : undefined;
      if (!action || !executor) {
        return {
          state: 'failed',
          message: `action ${row.action_id} or its executor is no longer configured`,
        };
      }
      const inputs = JSON.parse(row.inputs) as Record<string, unknown>; // written as JSON of the inputs
      const settings = executor.settingsSchema.safeParse(
        substituteSettings(action.executor.settings, {
          service: row.service,
          environment: row.environment,
          inputs,
        }),
      );
      if (!settings.success) {
        return {
          state: 'failed',
          message: `executor.settings after substitution: ${settings.error.issues[0]?.message}`,
        };
      }
      log(`${action.title}: ${action.executor.kind} executor started by ${row.requested_by_name}`);
      const outcome = await executor.execute({
        runId: row.id,
        actionId: row.action_id,
        service: row.service,
        inputs,
        settings: settings.data,
        actor: {
          name: row.requested_by_name,
          email: row.requested_by_user_id ? await deps.emailOf(row.requested_by_user_id) : null,
        },
        log,
        link: (link) => {
          links.push(link);
          store.setLinks(row.id, JSON.stringify(links)).catch((error: unknown) => {
            deps.logger.warn({ err: error, run: row.id }, 'saving a run link failed');
          });
        },
        signal,
        // Lines logged so far are written before the automation's own reports are awaited.
        waitForReport: async () => {
          await logChain;
          return waitForReport(row.id, signal, log);
        },
      });
      return {
        state: outcome.outcome,
        message: outcome.message,
        ...(outcome.change ? { change: outcome.change } : {}),
      };
    });
    if (ending.message) log(ending.message);
    await logChain;
    await finish(row, ending);
  }

  /** Runs `work` until it ends, the run times out, or someone cancels it (on any replica). */
  async function withDeadline(
    row: RunRow,
    controller: AbortController,
    work: (signal: AbortSignal) => Promise<Ending>,
  ): Promise<Ending> {
    const ended = new Promise<Ending>((resolve) => {
      const timeout = setTimeout(() => controller.abort('timeout'), row.timeout_seconds * 1000);
      const watch = setInterval(async () => {
        const current = await store.findById(row.id).catch(() => undefined);
        if (current?.cancel_requested === 1) controller.abort('cancel');
      }, deps.pollIntervalMs);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timeout);
        clearInterval(watch);
        const reason = controller.signal.reason;
        resolve(
          reason === 'timeout'
            ? { state: 'timed_out', message: `timed out after ${row.timeout_seconds} s` }
            : reason === 'cancel'
              ? { state: 'cancelled', message: 'cancelled while running' }
              : { state: 'failed', message: 'Cairn stopped while the run was running' },
        );
      });
      work(controller.signal)
        .then(resolve, (error: unknown) => resolve({ state: 'failed', message: describeError(error) }))
        .finally(() => {
          clearTimeout(timeout);
          clearInterval(watch);
        });
    });
    return ended;
  }

  async function finish(row: RunRow, ending: Ending): Promise<void> {
    const finishedAt = clock.now().toISOString();
    let changeId: string | null = null;
    if (ending.state === 'succeeded') changeId = await recordChange(row, ending, finishedAt);
    const moved = await store.transition(row.id, ['running'], ending.state, {
      message: ending.message,
      change_id: changeId,
      finished_at: finishedAt,
    });
    if (moved) {
      await audit(row, ending.state, { message: ending.message, ...(changeId ? { change: changeId } : {}) });
      await noteEnded(row.id);
    }
  }

  /** Tells the run's incident (if any) how it ended, as stored. */
  async function noteEnded(id: string): Promise<void> {
    const ended = await store.findById(id);
    if (ended) await deps.incidents.changed(ended);
  }

  /** A succeeded run of an action that `records` a change kind leaves a `cairn-action` change. */
  async function recordChange(row: RunRow, ending: Ending, finishedAt: string): Promise<string | null> {
    const action = deps.action(row.action_id);
    const kind = action?.records;
    if (!kind || !RECORDED_CHANGE_KINDS.includes(kind) || row.service === null) return null;
    const inputs = JSON.parse(row.inputs) as Record<string, unknown>; // written as JSON of the inputs
    const environment = row.environment ?? 'production';
    const version = ending.change?.version ?? (typeof inputs.version === 'string' ? inputs.version : null);
    const previous = (await deps.changes.recentForService(row.service, 50)).find(
      (change) =>
        change.environment === environment &&
        change.status === 'succeeded' &&
        (change.kind === 'deploy' || change.kind === 'rollback') &&
        change.version !== null,
    );
    const { change } = await deps.changes.record({
      source: 'cairn-action',
      idempotencyKey: `run:${row.id}`,
      target: { by: 'name', name: row.service },
      environment,
      kind,
      version: kind === 'deploy' || kind === 'rollback' ? version : null,
      previousVersion: kind === 'deploy' || kind === 'rollback' ? (previous?.version ?? null) : null,
      // The deploy tool's report of rolling this revision out is linked to this change (changes module).
      revision: ending.change?.revision ?? null,
      commits: [],
      author: row.requested_by_name,
      status: 'succeeded',
      startedAt: row.started_at,
      finishedAt,
      url: null,
      description: `${row.action_title}: ${ending.change?.summary ?? ending.message} (run ${row.id}, by ${row.requested_by_name})`,
    });
    return change.id;
  }

  /** Resolves when an automation reports a final status for `runId` (on any replica). */
  async function waitForReport(
    runId: string,
    signal: AbortSignal,
    log: (line: string) => void,
  ): Promise<ExecutionOutcome> {
    while (!signal.aborted) {
      const row = await store.findById(runId);
      if (row?.report) {
        const report: RunReport = RunReportSchema.parse(JSON.parse(row.report));
        const outcome = report.status === 'failed' ? 'failed' : 'succeeded';
        if (!report.message) log(`the automation reported ${outcome}`);
        return { outcome, message: report.message, ...(report.change ? { change: report.change } : {}) };
      }
      await sleep(deps.pollIntervalMs / 2, signal);
    }
    throw new Error(`aborted: ${String(signal.reason)}`);
  }

  /** Claims what is queued, and ends runs whose replica stopped while they ran. */
  async function poll(): Promise<void> {
    const graceMs = 60_000;
    for (const row of await store.listAbandoned(new Date(clock.now().getTime() - graceMs).toISOString())) {
      if (local.has(row.id)) continue;
      const message = `the replica running it (${row.claimed_by ?? 'unknown'}) stopped before it ended`;
      if (
        await store.transition(row.id, ['running'], 'timed_out', {
          message,
          finished_at: clock.now().toISOString(),
        })
      ) {
        await audit(row, 'timed_out', { message });
        await noteEnded(row.id);
      }
    }
    for (const row of await store.listQueued(10)) void execute(row.id);
  }

  return {
    execute,
    /** Aborts the run here at once when this replica executes it (other replicas watch the row). */
    abortLocal(id: string): void {
      local.get(id)?.controller.abort('cancel');
    },
    start(): void {
      timer = setInterval(() => {
        poll().catch((error: unknown) => deps.logger.warn({ err: error }, 'action run worker poll failed'));
      }, deps.pollIntervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      for (const { controller } of local.values()) controller.abort('shutdown');
      await Promise.allSettled([...local.values()].map((entry) => entry.done));
    },
  };
}

export type RunWorker = ReturnType<typeof createRunWorker>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timeout = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timeout);
        resolve();
      },
      { once: true },
    );
  });
}
