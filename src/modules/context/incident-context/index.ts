export {
  buildIncidentContext,
  type ContextIncident,
  type IncidentContextDeps,
} from './build-incident-context.ts';
export {
  type ContextEvidence,
  type Fix,
  type Impact,
  type IncidentContext,
  IncidentContextSchema,
  type Rollback,
  type Suspect,
} from './contract.ts';
export { incidentContextRoutes } from './incident-context.routes.ts';
export {
  CONTEXT_RETRY_DELAY_MS,
  type ContextIncidents,
  createIncidentContextService,
  type IncidentContextService,
  type IncidentContextServiceDeps,
  summarizeContext,
} from './incident-context.service.ts';
export type { PastIncident } from './propose-fix.ts';
export { CONFIDENT_SUSPECT_SCORE } from './rank-suspects.ts';
