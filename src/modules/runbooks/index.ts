export type { CheckInput, RunbookTelemetry } from './check-queries.ts';
export { composeRunbooks, type RunbookComposeDeps } from './compose-runbooks.ts';
export {
  type IncidentRunbooks,
  IncidentRunbooksSchema,
  type Runbook,
  type RunbookMatch,
  type RunbookProblem,
} from './contract.ts';
export { withRecommendedStep } from './recommended-step.ts';
export { runbookRoutes } from './runbook.routes.ts';
export { createRunbookService, type RunbookService } from './runbook.service.ts';
export { actionIdsIn, type LoadedRunbooks, loadRunbooks } from './runbook-loader.ts';
export { runbookTelemetry } from './runbook-telemetry.ts';
