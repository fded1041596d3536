import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotAllowedError, UnauthenticatedError } from '../../kernel/errors.ts';
import type { Principal } from '../auth/index.ts';
import type { IdentityService } from './identity.service.ts';

/** The browser session cookie: an opaque secret, httpOnly, SameSite=Lax, Secure over https. */
export const SESSION_COOKIE = 'cairn_session';
/** The header a browser session's state-changing requests carry its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Served over https (directly, or behind a proxy when `publicUrl` says https). */
export function isHttps(request: FastifyRequest, publicUrl: string): boolean {
  return request.protocol === 'https' || publicUrl.startsWith('https://');
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over https, for the session's lifetime. */
export function setSessionCookie(
  reply: FastifyReply,
  secret: string,
  maxAgeSeconds: number,
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}

/** The session cookie's value (parsed by @fastify/cookie before authentication runs). */
export function readSessionCookie(request: FastifyRequest): string | null {
  return request.cookies[SESSION_COOKIE] || null;
}

/**
 * The origin a browser says a request comes from (Origin, else Referer), or null when it sends
 * neither (non-browser clients).
 */
function requestOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (typeof referer === 'string') {
    try {
      return new URL(referer).origin;
    } catch {
      return 'invalid';
    }
  }
  return typeof origin === 'string' ? origin : null;
}

/** Cross-site requests are refused: the browser's Origin must be Cairn's own. */
export function checkSameOrigin(
  request: FastifyRequest,
  publicUrl: string,
  refused: { actorId: string; name: string } | null = null,
): void {
  const origin = requestOrigin(request);
  if (origin === null) return;
  const own = new Set([`${request.protocol}://${request.host}`, new URL(publicUrl).origin]);
  if (!own.has(origin)) {
    throw new NotAllowedError(
      `CSRF check failed: a request from ${origin} may not change anything in Cairn (only ${[...own].join(' or ')})`,
      refused,
    );
  }
}

/**
 * Authenticates a request by its session cookie. State-changing requests must also come from
 * Cairn's own origin and carry the session's CSRF token in `X-CSRF-Token` (a synchronizer token:
 * the server keeps it with the session, so a cookie planted by a sibling subdomain cannot forge it).
 */
export function createSessionAuthenticator(identity: IdentityService, publicUrl: () => string) {
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const secret = readSessionCookie(request);
    if (!secret) return null;
    const principal = await identity.sessionPrincipal(secret);
    if (!principal?.session) {
      throw new UnauthenticatedError('Your session has expired or ended; sign in again');
    }
    if (!SAFE_METHODS.has(request.method)) {
      checkSameOrigin(request, publicUrl(), principal);
      const sent = request.headers[CSRF_HEADER];
      const expected = Buffer.from(principal.session.csrfToken);
      const given = Buffer.from(typeof sent === 'string' ? sent : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new NotAllowedError(
          'CSRF check failed: the X-CSRF-Token header is missing or does not match this session; reload the page',
          principal,
        );
      }
    }
    return principal;
  };
}
