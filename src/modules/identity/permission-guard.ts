import type { FastifyRequest } from 'fastify';
import { NotAllowedError } from '../../kernel/errors.ts';
import { noteAudit } from '../audit/index.ts';
import type { CreateToken, Principal, Token, TokenGuard, TokenOwnership } from '../auth/index.ts';
import type { IdentityService } from './identity.service.ts';

/**
 * The checks routes make before changing state, each through `can`. They throw NotAllowedError
 * with the reason, and note the service on the request first so the audit entry of a refusal
 * names it.
 */
export interface PermissionGuard {
  /** Operating these services (a silence, an action); 'all' reaches every team's services. */
  operateServices(
    principal: Principal | null,
    services: readonly string[] | 'all',
    request: FastifyRequest,
  ): Promise<void>;
  /** Acknowledging or resolving an incident. */
  operateIncident(principal: Principal | null, incidentId: string, request: FastifyRequest): Promise<void>;
  /** Changing Cairn's configuration (catalog refresh, settings). */
  configure(principal: Principal | null): Promise<void>;
  /** Reading the audit trail. */
  readAudit(principal: Principal | null): Promise<void>;
}

export function createPermissionGuard(identity: IdentityService): PermissionGuard {
  return {
    async operateServices(principal, services, request) {
      if (services === 'all') {
        await identity.authorize(principal, 'operate', { kind: 'platform' });
        return;
      }
      for (const name of services) {
        const resource = await identity.serviceResource(name);
        noteAudit(request, { service: resource.name });
        await identity.authorize(principal, 'operate', resource);
      }
    },
    async operateIncident(principal, incidentId, request) {
      const resource = await identity.incidentResource(incidentId);
      if (resource.kind === 'incident' && resource.services.length > 0) {
        noteAudit(request, { service: resource.services.map((service) => service.name).join(',') });
      }
      await identity.authorize(principal, 'operate', resource);
    },
    configure: (principal) => identity.authorize(principal, 'configure', { kind: 'platform' }),
    readAudit: (principal) => identity.authorize(principal, 'audit', { kind: 'platform' }),
  };
}

/** Token creation and revocation, decided by `can` on the token as a resource. */
export function createTokenGuard(identity: IdentityService): TokenGuard {
  return {
    async ownershipFor(principal: Principal, input: CreateToken): Promise<TokenOwnership> {
      const actor = await identity.actorFor(principal);
      if (input.serviceAccount || actor.userId === null) {
        const ownership = { ownerUserId: null, teams: input.teams ?? null };
        await identity.authorize(principal, 'manage', { kind: 'token', ...ownership, scope: input.scope });
        return ownership;
      }
      // A member's operate token is limited to their teams unless they name a subset.
      const teams =
        input.teams ?? (actor.role === 'member' && input.scope === 'operate' ? [...actor.teams] : null);
      if (teams !== null && teams.length === 0 && actor.role === 'member' && input.scope === 'operate') {
        throw new NotAllowedError(
          `${actor.name} is in no team, so an operate token of theirs could operate nothing; ask for a read token or to be added to a team`,
        );
      }
      const ownership = { ownerUserId: actor.userId, teams };
      await identity.authorize(principal, 'manage', { kind: 'token', ...ownership, scope: input.scope });
      return ownership;
    },
    async mayRevoke(principal: Principal, token: Token): Promise<void> {
      await identity.authorize(principal, 'manage', {
        kind: 'token',
        ownerUserId: token.ownerUserId,
        // Revoking only takes rights away: judge it as the narrowest token of that owner.
        scope: 'ingest',
        teams: token.teams,
      });
    },
    async seesAllTokens(principal: Principal): Promise<boolean> {
      return (await identity.actorFor(principal)).role === 'admin';
    },
  };
}
