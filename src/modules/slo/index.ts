export {
  BURN_RATE_WINDOWS,
  type BurnRateWindow,
  type BurnVerdict,
  burnRate,
  evaluateObjective,
} from './burn-rate.ts';
export {
  type EventCounts,
  type ServiceSlo,
  ServiceSloSchema,
  SLO_ANNOTATIONS,
  type SloDataSource,
  type SloObjective,
  type SloObjectiveSource,
} from './contract.ts';
export { createRedSloDataSource } from './red-slo-data.ts';
export {
  availabilityBudget,
  createServiceSloReader,
  objectivesOnlySlo,
  type ServiceSloReader,
  type SloTarget,
} from './service-slo.ts';
export {
  createSloEvaluator,
  type SloEvaluation,
  type SloEvaluator,
  type SloEvaluatorDeps,
  sloFingerprint,
} from './slo-evaluator.ts';
export { mergeObjectiveSources, objectivesFromAnnotations, objectivesFromConfig } from './slo-objectives.ts';
