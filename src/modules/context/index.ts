export {
  type ErrorTemplate,
  ErrorTemplateSchema,
  type RootCauseAnalysis,
  RootCauseAnalysisSchema,
  type RootCauseEvidence,
  RootCauseEvidenceSchema,
  type RootCauseService,
  RootCauseServiceSchema,
} from './contract.ts';
export {
  buildIncidentContext,
  CONFIDENT_SUSPECT_SCORE,
  CONTEXT_RETRY_DELAY_MS,
  type ContextIncident,
  type ContextIncidents,
  createIncidentContextService,
  type IncidentContext,
  type IncidentContextDeps,
  IncidentContextSchema,
  type IncidentContextService,
  type IncidentContextServiceDeps,
  incidentContextRoutes,
  type PastIncident,
  type Suspect,
  summarizeContext,
} from './incident-context/index.ts';
export {
  DEFAULT_AFTER_MINUTES,
  DEFAULT_BASELINE_MINUTES,
  type RootCauseQuery,
  type TimeRange,
} from './root-cause/analysis-window.ts';
export { toLogTemplate } from './root-cause/log-template.ts';
export { type RootCauseDeps, rankRootCauses } from './root-cause/rank-root-causes.ts';
