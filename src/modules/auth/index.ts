export { type CreateToken, type Principal, ScopeSchema, type Token } from './contract.ts';
export { actorOf, type TokenGuard, tokenRoutes } from './token.routes.ts';
export {
  ADMIN_TOKEN_FILE,
  type BootstrapResult,
  createTokenService,
  type TokenOwnership,
  type TokenService,
} from './token.service.ts';
export { createTokenStore } from './token.store.ts';
export { generateToken, hashToken } from './token-secret.ts';
