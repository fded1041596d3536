export type { DocsPage, DocsSearchHit, ServiceDocs } from './contract.ts';
export { serviceDocsRoutes } from './service-docs.routes.ts';
export { createServiceDocsService, type ServiceDocsService } from './service-docs.service.ts';
