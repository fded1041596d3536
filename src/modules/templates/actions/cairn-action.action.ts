/**
 * `cairn:action`: runs a Cairn action (a deploy, a first rollout) as a template step, through the
 * actions module's runs service and so under its guardrails (policies, approvals, audit).
 */
import type { ScaffolderAction } from './action.ts';
import { stringInput } from './action.ts';

export interface CairnActionRun {
  runId: string;
  status: string;
  message: string | null;
}

export interface CairnActionRunner {
  /** Starts the action and resolves when its run has finished (or needs an approval). */
  run(request: {
    actionId: string;
    service: string | null;
    inputs: Record<string, unknown>;
    /** Who started the task (or retried it): the run is theirs, under their permissions. */
    principal: unknown;
    signal: AbortSignal;
  }): Promise<CairnActionRun>;
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
      });
      context.log(
        `Action ${actionId}: run ${result.runId} ${result.status}${result.message ? ` (${result.message})` : ''}`,
      );
      context.output('runId', result.runId);
      context.output('status', result.status);
      if (result.status !== 'succeeded') throw new Error(`${id}: run ${result.runId} ended ${result.status}`);
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
}

const WAITING_STATES = new Set(['queued', 'running']);

/**
 * Starts a run and polls it until it ends; a run waiting for approval is reported as such (the
 * step fails, and the task can be retried once it is approved and done).
 */
export function createCairnActionRunner(runs: ActionRuns, pollIntervalMs = 500): CairnActionRunner {
  return {
    async run({ actionId, service, inputs, principal, signal }) {
      let run = await runs.start(principal, actionId, { ...(service ? { service } : {}), inputs });
      while (WAITING_STATES.has(run.state)) {
        if (signal.aborted) throw new Error(`cairn:action: cancelled while run ${run.id} was ${run.state}`);
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        run = await runs.get(run.id);
      }
      return { runId: run.id, status: run.state, message: run.message };
    },
  };
}
