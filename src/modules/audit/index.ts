export { auditRoutes } from './audit.routes.ts';
export { type AuditService, createAuditService } from './audit.service.ts';
export { createAuditStore } from './audit.store.ts';
