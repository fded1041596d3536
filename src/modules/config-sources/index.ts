export {
  type AppliedSource,
  type ConfigKindAdapter,
  type ConfigReconciler,
  type ConfigSourceSpec,
  configSourceLabel,
  createConfigReconciler,
  createConfigSlot,
} from './config-reconciler.ts';
export { registerConfigSourceMetrics, type SourceMetricsStatus } from './config-source-metrics.ts';
export { configSourceRoutes } from './config-sources.routes.ts';
export {
  CONFIG_KINDS,
  type ConfigKind,
  type ConfigProblem,
  type ConfigSourceStatus,
  ConfigSourceStatusSchema,
  type ManagedBy,
  ManagedBySchema,
} from './contract.ts';
export { forgeFileUrl, repositoryKey, webBaseOf } from './managed-by.ts';
