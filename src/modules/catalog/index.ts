export { catalogRoutes, type ServiceDirectory } from './catalog.routes.ts';
export type { ServiceSummary } from './contract.ts';
