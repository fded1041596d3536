/**
 * `cairn:action`: runs a Cairn action (a deploy, a first rollout) as a template step, through the
 * actions module's runs service and so under its guardrails (who may run it, input rules, freezes,
 * policies, approvals, audit). A refused run fails the step with the guardrail's message; a run
 * that needs an approval keeps the task running until someone decides it (cancelling the task
 * cancels the run); the step succeeds only when the run succeeds.
 */
import type { ScaffolderAction } from './action.ts';
import { CAIRN_STOPPING, stringInput } from './action.ts';

/** A run as the step sees it. */
export interface CairnActionRun {
  runId: string;
  state: string;
  message: string | null;
}

export interface CairnActionRunner {
  /**
   * Starts the action and resolves when its run has ended (succeeded or not); throws when a
   * guardrail refuses it. `onState` hears the run as started and at each change of state.
   */
  run(request: {
    actionId: string;
    service: string | null;
    inputs: Record<string, unknown>;
    /** Who started the task (or retried it): the run is theirs, under their permissions. */
    principal: unknown;
    signal: AbortSignal;
    onState: (run: CairnActionRun) => void;
    /**
     * The run this step started in an earlier attempt: followed instead of starting another while
     * it is still going (or once it has succeeded).
     */
    earlierRunId?: string | null;
  }): Promise<CairnActionRun>;
}

/** What the log says when a run reaches a state. */
function describeState(actionId: string, run: CairnActionRun): string {
  const base = `Run ${run.runId} of ${actionId}`;
  switch (run.state) {
    case 'waiting_for_approval':
      return `${base} is waiting for approval; the task goes on once it is approved (/runs/${run.runId})`;
    case 'queued':
      return `${base} is queued`;
    case 'running':
      return `${base} is running`;
    default:
      return `${base} ${run.state}${run.message ? `: ${run.message}` : ''}`;
  }
}

/** `runner` null: the action exists only for dry runs (the CLI's offline check). */
export function createCairnActionAction(runner: CairnActionRunner | null): ScaffolderAction {
  const id = 'cairn:action';
  return {
    id,
    description: 'Runs a Cairn action (e.g. the first deploy) under its guardrails',
    supportsDryRun: false,
    exampleOutput: async (input) => ({ runId: 'dry-run', status: 'succeeded', action: input.action ?? null }),
    async handler(context) {
      if (!runner) throw new Error(`${id}: Cairn actions are not available here`);
      const actionId = stringInput(context, id, 'action', true);
      const inputs = (context.input.inputs ?? {}) as Record<string, unknown>;
      if (!context.principal)
        throw new Error(
          `${id}: the person who started the task is not known to this Cairn process; retry the task`,
        );
      const result = await runner.run({
        actionId,
        service: stringInput(context, id, 'service') ?? null,
        inputs,
        principal: context.principal,
        signal: context.signal,
        onState: (run) => {
          context.log(describeState(actionId, run));
          context.trackRun({ runId: run.runId, actionId, state: run.state, message: run.message });
        },
        earlierRunId: context.earlierRun?.actionId === actionId ? context.earlierRun.runId : null,
      });
      context.output('runId', result.runId);
      context.output('status', result.state);
      if (result.state !== 'succeeded')
        throw new Error(
          `${id}: run ${result.runId} of ${actionId} ended ${result.state}${result.message ? ` (${result.message})` : ''}`,
        );
    },
  };
}

/** The part of the actions module's runs service `cairn:action` uses. */
export interface ActionRuns {
  start(
    principal: unknown,
    actionId: string,
    request: { service?: string; inputs: Record<string, unknown> },
  ): Promise<{ id: string; state: string; message: string | null }>;
  get(runId: string): Promise<{ id: string; state: string; message: string | null }>;
  cancel(principal: unknown, runId: string): Promise<{ id: string; state: string; message: string | null }>;
}

/** States a run leaves on its own (or by a decision): the step keeps watching. */
const ACTIVE_STATES = new Set(['queued', 'waiting_for_approval', 'running']);

/**
 * Starts a run (or follows the one an earlier attempt started) and polls it until it ends. A run
 * waiting for approval is waited for, however long the approvers take; cancelling the task cancels
 * the run it waits on, Cairn stopping leaves it for a retry to follow.
 */
export function createCairnActionRunner(runs: ActionRuns, pollIntervalMs = 500): CairnActionRunner {
  return {
    async run({ actionId, service, inputs, principal, signal, onState, earlierRunId }) {
      const earlier = earlierRunId ? await runs.get(earlierRunId).catch(() => null) : null;
      let run: CairnActionRun;
      if (earlier && (ACTIVE_STATES.has(earlier.state) || earlier.state === 'succeeded')) {
        // A retry after Cairn stopped: the run the step started is still there; follow it.
        run = { runId: earlier.id, state: earlier.state, message: earlier.message };
      } else {
        const started = await runs
          .start(principal, actionId, { ...(service ? { service } : {}), inputs })
          .catch((error: unknown) => {
            // A guardrail's refusal (input rule, freeze, policy, permission) names itself in the message.
            throw new Error(
              `cairn:action: ${actionId} refused: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
        run = { runId: started.id, state: started.state, message: started.message };
      }
      onState(run);
      while (ACTIVE_STATES.has(run.state)) {
        if (signal.aborted) {
          if (signal.reason === CAIRN_STOPPING) {
            // Left as it is: a retry of the task follows it.
            throw new Error(`cairn:action: Cairn stopped while run ${run.runId} was ${run.state}`);
          }
          const cancelled = await runs.cancel(principal, run.runId).catch(() => null);
          if (cancelled) onState({ runId: cancelled.id, state: cancelled.state, message: cancelled.message });
          throw new Error(`cairn:action: cancelled while run ${run.runId} was ${run.state}`);
        }
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        const next = await runs.get(run.runId);
        if (next.state !== run.state) {
          run = { runId: next.id, state: next.state, message: next.message };
          onState(run);
        }
      }
      return run;
    },
  };
}
