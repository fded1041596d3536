export { computeDora, type DoraMetrics } from './compute-dora.ts';
export {
  DORA_SCOPES,
  type DoraQuery,
  DoraQuerySchema,
  type DoraReport,
  DoraReportSchema,
  type DoraScope,
} from './contract.ts';
export { doraRoutes } from './dora.routes.ts';
export { createDoraService, type DoraService, type DoraSources } from './dora.service.ts';
export { createDoraSources } from './dora.sources.ts';
export { DORA_LEVELS, type DoraLevel, FREQUENCY_BUCKETS, type FrequencyBucket } from './levels.ts';
