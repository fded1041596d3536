export { auditRoutes } from './audit.routes.ts';
export { type AuditService, createAuditService } from './audit.service.ts';
export { createAuditStore } from './audit.store.ts';
export { auditCsv } from './audit-csv.ts';
export { auditActorOf, auditStateChanges, noteAudit } from './audited-routes.ts';
export { type AuditActor, type AuditEvent, CAIRN_ACTOR } from './contract.ts';
