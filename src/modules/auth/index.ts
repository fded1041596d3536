export type { Principal, Token } from './contract.ts';
export { actorOf, tokenRoutes } from './token.routes.ts';
export {
  ADMIN_TOKEN_FILE,
  type BootstrapResult,
  createTokenService,
  type TokenService,
} from './token.service.ts';
export { createTokenStore } from './token.store.ts';
