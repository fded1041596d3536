import { UnauthenticatedError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import {
  CreatedTokenSchema,
  type CreateToken,
  CreateTokenSchema,
  type Principal,
  type Token,
  TokenIdParamsSchema,
  TokenListSchema,
} from './contract.ts';
import type { TokenOwnership, TokenService } from './token.service.ts';

/** Who the caller is, as records such as "acknowledged by" show it. */
export function actorOf(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  return principal.tokenId === null ? principal.name : `token:${principal.tokenId} (${principal.name})`;
}

/** The decisions token routes need; identity's `can` makes them. Each throws NotAllowedError. */
export interface TokenGuard {
  /** Who a new token is for (the caller, or a service account) and the teams it is limited to. */
  ownershipFor(principal: Principal, input: CreateToken): Promise<TokenOwnership>;
  /** Allows revoking `token`, or throws. */
  mayRevoke(principal: Principal, token: Token): Promise<void>;
  /** Admins see every token; everyone else their own. */
  seesAllTokens(principal: Principal): Promise<boolean>;
}

function required(principal: Principal | null): Principal {
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

export function tokenRoutes(tokens: TokenService, guard: TokenGuard): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/tokens',
      summary: 'List API tokens: every token for admins, your own for everyone else (never secrets)',
      tags: ['auth'],
      auth: 'read',
      response: { status: 200, description: 'Tokens, newest first', schema: TokenListSchema },
      handler: async ({ principal }) => {
        const caller = required(principal);
        if (await guard.seesAllTokens(caller)) return { items: await tokens.list() };
        return { items: caller.userId ? await tokens.list(caller.userId) : [] };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tokens',
      summary: 'Create an API token; the secret is in this response only',
      description:
        "A token acts for the person who creates it and never exceeds their rights (role, teams). Admins may create service-account tokens (`serviceAccount: true`). A member's operate token is limited to their teams.",
      tags: ['auth'],
      auth: 'read',
      body: CreateTokenSchema,
      response: { status: 201, description: 'The token and its secret', schema: CreatedTokenSchema },
      handler: async ({ body, principal, request }) => {
        const caller = required(principal);
        noteAudit(request, {
          action: 'token.create',
          target: `token:${body.name}`,
          details: { name: body.name, scope: body.scope, teams: body.teams ?? null },
        });
        const ownership = await guard.ownershipFor(caller, body);
        const created = await tokens.create(body, ownership, actorOf(caller));
        noteAudit(request, { target: `token:${created.token.id}`, details: { teams: created.token.teams } });
        return created;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      summary: 'Revoke an API token',
      tags: ['auth'],
      auth: 'read',
      params: TokenIdParamsSchema,
      response: { status: 204, description: 'Revoked (revoking twice is not an error)' },
      handler: async ({ params, principal, request }) => {
        const caller = required(principal);
        noteAudit(request, { action: 'token.revoke', target: `token:${params.id}` });
        const token = await tokens.get(params.id);
        noteAudit(request, { details: { name: token.name } });
        await guard.mayRevoke(caller, token);
        await tokens.revoke(params.id);
      },
    }),
  ];
}
