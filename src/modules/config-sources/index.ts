export { type CatalogObjectsDeps, listCatalogObjects } from './catalog-objects.ts';
export {
  catalogObjectName,
  describeActions,
  describeCatalogEntities,
  describePolicies,
  describeRunbooks,
  describeTemplates,
  fieldDigests,
} from './config-objects.ts';
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
  type ConfigObject,
  ConfigObjectListSchema,
  type ConfigProblem,
  type ConfigSourceStatus,
  ConfigSourceStatusSchema,
  type DescribedObject,
  type ManagedBy,
  ManagedBySchema,
  OBJECT_KINDS,
  type ObjectKind,
} from './contract.ts';
export { forgeFileUrl, repositoryKey, webBaseOf } from './managed-by.ts';
