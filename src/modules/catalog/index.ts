export { catalogRoutes } from './catalog.routes.ts';
export { type CatalogService, createCatalogService } from './catalog.service.ts';
export { type CatalogStore, createCatalogStore } from './catalog.store.ts';
export { readCatalogDirectory, readCatalogFile, readCatalogSource } from './catalog-reader.ts';
export {
  type CatalogSourceConfig,
  type CatalogSync,
  createCatalogSync,
  labelOf as catalogSourceLabel,
  type SourceSyncResult,
  sourceIdOf as catalogSourceId,
} from './catalog-sync.service.ts';
export type { ServiceDetail, ServiceSummary, Team } from './contract.ts';
export type { CatalogEntity, CatalogProblem } from './entity-parser.ts';
export type { CatalogPerson } from './entity-people.ts';
export { ANNOTATIONS } from './entity-schema.ts';
export { checkoutGitSource } from './git-checkout.ts';
export { noObservedTelemetry, type ObservedTelemetry } from './observed-telemetry.ts';
