import type { FastifyRequest } from 'fastify';
import { CairnError } from '../../kernel/errors.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { AuditService } from './audit.service.ts';
import type { AuditActor, AuditOutcome } from './contract.ts';

/** What a handler says about the change it made, for its audit entry. */
export interface AuditNote {
  action?: string;
  target?: string;
  service?: string | null;
  details?: Record<string, unknown>;
}

const notes = new WeakMap<FastifyRequest, AuditNote>();

/**
 * Names the action, target and service of the change a request makes. Call it before anything that
 * may refuse (the permission check), so a refusal is recorded against the right service.
 */
export function noteAudit(request: FastifyRequest, note: AuditNote): void {
  notes.set(request, { ...notes.get(request), ...note });
}

/** Who made a request, as far as the audit trail needs (structurally the auth module's Principal). */
export interface AuditedPrincipal {
  actorId: string;
  name: string;
}

/** The actor of a request: the principal, its address and its user agent. */
export function auditActorOf(principal: AuditedPrincipal | null, request: FastifyRequest | null): AuditActor {
  const userAgent = request?.headers['user-agent'];
  return {
    id: principal ? principal.actorId : 'anonymous',
    name: principal ? principal.name : 'anonymous',
    ip: request?.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
  };
}

/**
 * Wraps every state-changing route (any method but GET, except ingest and public routes, whose
 * volume is telemetry's and whose records are the changes themselves) so that each call leaves an
 * audit entry: succeeded, refused (not allowed) or failed, with the actor, address and user agent.
 */
export function auditStateChanges(routes: RouteDefinition[], audit: AuditService): RouteDefinition[] {
  return routes.map((route) => {
    if (route.method === 'GET' || route.auth === 'ingest' || route.auth === 'public') return route;
    const audited: RouteDefinition = {
      ...route,
      handler: async (context) => {
        const record = async (outcome: AuditOutcome, extra: Record<string, unknown> = {}) => {
          const note = notes.get(context.request) ?? {};
          await audit.record({
            actor: auditActorOf(context.principal, context.request),
            action: note.action ?? `${route.method} ${route.url}`,
            target: note.target ?? context.request.url.split('?')[0] ?? route.url,
            outcome,
            service: note.service ?? null,
            details: { ...note.details, ...extra },
          });
        };
        try {
          const result = await route.handler(context);
          await record('succeeded');
          return result;
        } catch (error) {
          const refused =
            error instanceof CairnError && ['not_allowed', 'unauthenticated'].includes(error.code);
          await record(refused ? 'refused' : 'failed', {
            error: error instanceof CairnError ? error.message : 'internal error',
          });
          throw error;
        }
      },
    };
    return audited;
  });
}
