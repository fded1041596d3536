import type { FastifyRequest } from 'fastify';
import { NotAllowedError, UnauthenticatedError } from '../../kernel/errors.ts';
import { scopeAllows } from '../../kernel/scopes.ts';
import type { Principal } from '../../modules/auth/contract.ts';
import type { RouteDefinition } from './route.ts';

export interface Authenticator {
  /** The principal a bearer token stands for, or null when the token is unknown or revoked. */
  authenticate(token: string): Promise<Principal | null>;
  /**
   * Browser sessions: the principal of the request's session cookie, or null without one. Throws
   * when the session has ended, or when a state-changing request fails the CSRF check.
   */
  authenticateSession?(request: FastifyRequest): Promise<Principal | null>;
  /**
   * Told of a state-changing request refused while authenticating (a scope too low, a failed CSRF
   * check) with whoever was refused, so the audit trail has it; unknown tokens and anonymous
   * requests are not passed on (anyone can send those, as many as they like).
   */
  onRefused?(refusal: AuthRefusal): Promise<void>;
}

export interface AuthRefusal {
  request: FastifyRequest;
  route: RouteDefinition;
  actor: { actorId: string; name: string };
  message: string;
}

const STATE_CHANGING_AUTH = (route: RouteDefinition) =>
  route.method !== 'GET' && route.auth !== 'ingest' && route.auth !== 'public';

/** The principal the `onRequest` hook resolved, per request (null on public routes). */
const principals = new WeakMap<FastifyRequest, Principal>();

/**
 * Authenticates a request from its headers (and, where the route allows it, a query parameter)
 * before Fastify reads its body: an unauthenticated client sending a 16 MiB body costs a header
 * check, not a parse. Signed webhooks, which need the body to verify, run their header-only
 * `requestGuard` here and are bounded by the body limit after it.
 */
export async function authenticateRequest(
  request: FastifyRequest,
  route: RouteDefinition,
  authenticator: Authenticator,
): Promise<void> {
  try {
    await authenticate(request, route, authenticator);
  } catch (error) {
    if (error instanceof NotAllowedError && error.refused && STATE_CHANGING_AUTH(route)) {
      await authenticator.onRefused?.({ request, route, actor: error.refused, message: error.message });
    }
    throw error;
  }
}

async function authenticate(
  request: FastifyRequest,
  route: RouteDefinition,
  authenticator: Authenticator,
): Promise<void> {
  if (route.auth === 'public') {
    route.requestGuard?.(request);
    return;
  }
  const token = bearerToken(request.headers.authorization) ?? queryToken(request, route.queryToken);
  // A bearer token wins over a session cookie: scripts never carry a cookie by accident.
  const principal = token
    ? await authenticator.authenticate(token)
    : ((await authenticator.authenticateSession?.(request)) ?? null);
  if (!token && !principal) {
    throw new UnauthenticatedError(
      route.queryToken
        ? `A valid token is required (Authorization: Bearer <token>, or ?${route.queryToken}=<token>)`
        : undefined,
    );
  }
  if (!principal) throw new UnauthenticatedError('The bearer token is unknown or revoked');
  if (!scopeAllows(principal.scope, route.auth)) {
    throw new NotAllowedError(
      principal.tokenId === null
        ? `${route.method} ${route.url} needs the ${route.auth} scope; ${principal.name}'s role allows ${principal.scope}`
        : `${route.method} ${route.url} needs a token with the ${route.auth} scope; token "${principal.name}" has ${principal.scope}`,
      principal,
    );
  }
  principals.set(request, principal);
}

/** The caller `authenticateRequest` resolved for this request; null on public routes. */
export function principalOf(request: FastifyRequest): Principal | null {
  return principals.get(request) ?? null;
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function queryToken(request: FastifyRequest, name: string | undefined): string | null {
  if (!name) return null;
  // Fastify parses the query string before onRequest; it is a plain record of strings.
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
