import type { IncidentContextProvider } from '../incidents/index.ts';
import type { RunbookService } from './runbook.service.ts';

/**
 * The incident context provider with the recommended runbook step added to the page: "Roll back
 * (runbook Error rate or SLO burn on a service)". The page links the incident's runbook section,
 * where the walked path and its evidence are shown; a runbook failing never holds up the page.
 */
export function withRecommendedStep(
  provider: IncidentContextProvider,
  runbooks: () => Pick<RunbookService, 'forIncident'>,
  incidentUrl: (incidentId: string) => string,
): IncidentContextProvider {
  return {
    ...provider,
    async summarize(incidentId) {
      const summary = await provider.summarize(incidentId);
      const found = await runbooks()
        .forIncident(incidentId)
        .catch(() => null);
      const first = found?.items[0];
      const step = first?.runbook.steps.find((s) => s.id === first.recommendedStepId);
      if (!first || !step) return summary;
      const inputs = first.recommendedAction
        ? ` — action ${first.recommendedAction.action} ${Object.values(first.recommendedAction.inputs).join(' ')}`
        : '';
      return {
        ...summary,
        runbookStep: `${step.title}${inputs} (runbook "${first.runbook.title}")`,
        runbookUrl: `${incidentUrl(incidentId)}#runbook-${first.runbook.id}`,
      };
    },
  };
}
