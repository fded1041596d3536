export type { Me } from './contract.ts';
export { identityRoutes } from './identity.routes.ts';
export { createIdentityService, type IdentityService } from './identity.service.ts';
export { createIdentityStore } from './identity.store.ts';
export { createOidcService, type OidcService } from './oidc.service.ts';
export { createPermissionGuard, createTokenGuard, type PermissionGuard } from './permission-guard.ts';
export { type Actor, type Decision, type Resource, VERBS, type Verb } from './permission-model.ts';
export { can } from './permissions.ts';
export { CSRF_HEADER, createSessionAuthenticator, SESSION_COOKIE } from './session-auth.ts';
