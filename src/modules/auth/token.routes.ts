import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import {
  CreatedTokenSchema,
  CreateTokenSchema,
  type Principal,
  TokenIdParamsSchema,
  TokenListSchema,
  WhoAmISchema,
} from './contract.ts';
import type { TokenService } from './token.service.ts';

/** Who the caller is (`actor` in the audit log). */
export function actorOf(principal: Principal | null): string {
  return principal ? `token:${principal.tokenId} (${principal.name})` : 'anonymous';
}

export function tokenRoutes(tokens: TokenService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/me',
      summary: 'The token the request was made with',
      tags: ['auth'],
      auth: 'ingest',
      response: { status: 200, description: 'The caller', schema: WhoAmISchema },
      handler: ({ principal }) => {
        if (!principal) throw new Error('unreachable: authenticated route without principal');
        return { name: principal.name, scope: principal.scope, tokenId: principal.tokenId };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tokens',
      summary: 'List API tokens (secrets are never returned)',
      tags: ['auth'],
      auth: 'admin',
      response: { status: 200, description: 'All tokens, newest first', schema: TokenListSchema },
      handler: async () => ({ items: await tokens.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tokens',
      summary: 'Create an API token; the secret is in this response only',
      tags: ['auth'],
      auth: 'admin',
      body: CreateTokenSchema,
      response: { status: 201, description: 'The token and its secret', schema: CreatedTokenSchema },
      handler: ({ body, principal }) => tokens.create(body, actorOf(principal)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      summary: 'Revoke an API token',
      tags: ['auth'],
      auth: 'admin',
      params: TokenIdParamsSchema,
      response: { status: 204, description: 'Revoked (revoking twice is not an error)' },
      handler: async ({ params, principal }) => {
        await tokens.revoke(params.id, actorOf(principal));
      },
    }),
  ];
}
