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
    actor: { name: string; email: string | null };
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
      const profile = context.user?.entity.spec.profile;
      const result = await runner.run({
        actionId,
        service: stringInput(context, id, 'service') ?? null,
        inputs,
        actor: { name: profile?.displayName ?? 'cairn-template', email: profile?.email ?? null },
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
