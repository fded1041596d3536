/**
 * The incident's proposed rollback, made one click from the page sent to the channel: the run
 * form of the rollback action, prefilled with the service and version and naming the incident, so
 * the run it starts is linked to it (`/actions/rollback/run?service=payment&version=1.3.2&incident=…`).
 */
import type { IncidentContextProvider } from '../incidents/index.ts';
import type { ActionDefinition } from './contract.ts';

/**
 * The action that carries out a rollback: the one with id `rollback`, else the first service
 * action whose id or title says roll back (the web's incident page picks the same one).
 */
export function rollbackActionOf(
  actions: readonly Pick<ActionDefinition, 'id' | 'title' | 'target'>[],
): string | null {
  const forService = actions.filter((action) => action.target === 'service');
  const found =
    forService.find((action) => action.id === 'rollback') ??
    forService.find((action) => /roll[\s-]?back/i.test(`${action.id} ${action.title}`));
  return found?.id ?? null;
}

/** The portal address of an action's run form, prefilled. */
export function runFormUrl(publicUrl: string, actionId: string, prefill: Record<string, string>): string {
  const query = new URLSearchParams(prefill).toString();
  return `${publicUrl}/actions/${encodeURIComponent(actionId)}/run${query ? `?${query}` : ''}`;
}

/**
 * The context provider with the proposed fix added to the page: "Roll back payment from 1.4.0 to
 * 1.3.2" and the prefilled run form. Without a rollback action the page says nothing more; a
 * failing lookup never holds up the page.
 */
export function withProposedRollback(
  provider: IncidentContextProvider,
  deps: { rollbackAction: () => string | null; publicUrl: () => string },
): IncidentContextProvider {
  return {
    ...provider,
    async summarize(incidentId) {
      const summary = await provider.summarize(incidentId);
      const rollback = summary.rollback;
      if (!rollback) return summary;
      let actionId: string | null;
      try {
        actionId = deps.rollbackAction();
      } catch {
        actionId = null;
      }
      if (actionId === null) return summary;
      return {
        ...summary,
        proposedFix: {
          text: `Roll back ${rollback.service} from ${rollback.fromVersion} to ${rollback.toVersion}`,
          url: runFormUrl(deps.publicUrl(), actionId, {
            service: rollback.service,
            version: rollback.toVersion,
            incident: incidentId,
          }),
        },
      };
    },
  };
}
