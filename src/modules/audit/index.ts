export { createAuditService, type AuditService } from './audit.service.ts';
export { createAuditStore } from './audit.store.ts';
export { auditRoutes } from './audit.routes.ts';
