import type { FastifyReply, FastifyRequest } from 'fastify';
import { CairnError, UnauthenticatedError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { type AuditService, auditActorOf } from '../audit/index.ts';
import type { Principal, TokenService } from '../auth/index.ts';
import {
  CallbackQuerySchema,
  MeSchema,
  PermissionAnswerSchema,
  PermissionQuerySchema,
  SessionSchema,
  SignInOptionsSchema,
  SignInQuerySchema,
  TokenSessionSchema,
} from './contract.ts';
import type { IdentityService } from './identity.service.ts';
import type { OidcService } from './oidc.service.ts';
import type { Resource } from './permission-model.ts';
import { checkSameOrigin, clearSessionCookie, isHttps, setSessionCookie } from './session-auth.ts';

export interface IdentityRoutesDeps {
  identity: IdentityService;
  tokens: Pick<TokenService, 'authenticate'>;
  /** Null when no OIDC provider is configured. */
  oidc: { service: OidcService; label: string } | null;
  audit: AuditService;
  sessionTtlMinutes: number;
  publicUrl: () => string;
}

const NOT_CONFIGURED =
  'Sign-in through an identity provider is not configured here (auth.oidc in cairn.yaml)';

/** A path of this Cairn, never another site: open redirects would make sign-in a phishing tool. */
function safeReturnTo(value: string | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

function origin(request: FastifyRequest) {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null };
}

function required(principal: Principal | null): Principal {
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** Sign-in (OIDC, or a token exchanged for a session), sign-out, who am I, and may I. */
export function identityRoutes(deps: IdentityRoutesDeps): RouteDefinition[] {
  const { identity, audit } = deps;

  async function setSession(
    reply: FastifyReply,
    request: FastifyRequest,
    subject: { userId: string } | { tokenId: string },
  ) {
    const session = await identity.startSession(subject, origin(request));
    setSessionCookie(reply, session.secret, deps.sessionTtlMinutes * 60, isHttps(request, deps.publicUrl()));
    return session;
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/auth/options',
      summary: 'How people can sign in to this Cairn',
      tags: ['auth'],
      auth: 'public',
      response: { status: 200, description: 'Sign-in options', schema: SignInOptionsSchema },
      handler: () => ({
        oidc: deps.oidc ? { label: deps.oidc.label, url: '/auth/oidc/login' } : null,
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/auth/oidc/login',
      summary: 'Start signing in through the OIDC provider (redirects there)',
      tags: ['auth'],
      auth: 'public',
      query: SignInQuerySchema,
      response: { status: 302, description: 'Redirect to the provider' },
      handler: async ({ query, reply }) => {
        if (!deps.oidc) return reply.redirect(`/?signInError=${encodeURIComponent(NOT_CONFIGURED)}`, 302);
        const url = await deps.oidc.service.beginSignIn(safeReturnTo(query.returnTo));
        return reply.redirect(url.href, 302);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/auth/oidc/callback',
      summary: 'Where the OIDC provider sends the browser back; starts the session',
      tags: ['auth'],
      auth: 'public',
      query: CallbackQuerySchema,
      response: {
        status: 302,
        description: 'Redirect into Cairn, signed in (or to the sign-in page with the reason)',
      },
      handler: async ({ request, reply }) => {
        if (!deps.oidc) return reply.redirect(`/?signInError=${encodeURIComponent(NOT_CONFIGURED)}`, 302);
        const url = new URL(request.url, deps.publicUrl());
        try {
          const { profile, issuer, returnTo } = await deps.oidc.service.completeSignIn(url);
          const user = await identity.recordSignIn(issuer, profile);
          const session = await setSession(reply, request, { userId: user.id });
          await audit.record({
            actor: { ...auditActorOf(null, request), id: `user:${user.id}`, name: user.name },
            action: 'session.sign-in',
            target: `user:${user.id}`,
            details: { via: 'oidc', email: user.email, groups: profile.groups, expiresAt: session.expiresAt },
          });
          return reply.redirect(returnTo, 302);
        } catch (error) {
          const message =
            error instanceof CairnError ? error.message : 'Signing in failed; the server log has the details';
          if (!(error instanceof CairnError)) request.log.error({ err: error }, 'OIDC sign-in failed');
          await audit.record({
            actor: auditActorOf(null, request),
            action: 'session.sign-in',
            target: 'oidc',
            outcome: 'refused',
            details: { via: 'oidc', error: message },
          });
          return reply.redirect(`/?signInError=${encodeURIComponent(message)}`, 302);
        }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/session',
      summary: 'Exchange an API token for a browser session (what /login?token= does)',
      description:
        'Sets the httpOnly session cookie. Only same-origin browser requests are accepted. The session acts as the token.',
      tags: ['auth'],
      auth: 'public',
      body: TokenSessionSchema,
      response: { status: 201, description: 'The session', schema: SessionSchema },
      handler: async ({ body, request, reply }) => {
        checkSameOrigin(request, deps.publicUrl());
        const principal = await deps.tokens.authenticate(body.token);
        if (!principal?.tokenId) {
          await audit.record({
            actor: auditActorOf(null, request),
            action: 'session.sign-in',
            target: 'token',
            outcome: 'refused',
            details: { via: 'token', error: 'unknown or revoked token' },
          });
          throw new UnauthenticatedError('Cairn did not accept this token: it is unknown or revoked');
        }
        const session = await setSession(reply, request, { tokenId: principal.tokenId });
        await audit.record({
          actor: auditActorOf(principal, request),
          action: 'session.sign-in',
          target: principal.actorId,
          details: { via: 'token', expiresAt: session.expiresAt },
        });
        return { expiresAt: session.expiresAt, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/session',
      summary: 'Sign out: ends this browser session',
      tags: ['auth'],
      auth: 'ingest',
      response: { status: 204, description: 'Signed out' },
      handler: async ({ principal, request, reply }) => {
        const caller = required(principal);
        if (caller.session) {
          await identity.endSession(caller.session.id);
          await audit.record({
            actor: auditActorOf(caller, request),
            action: 'session.sign-out',
            target: caller.actorId,
          });
        }
        clearSessionCookie(reply, isHttps(request, deps.publicUrl()));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/me',
      summary: 'Who the caller is: person or token, role, teams, and what they may do beyond their services',
      tags: ['auth'],
      auth: 'ingest',
      response: { status: 200, description: 'The caller', schema: MeSchema },
      handler: ({ principal }) => identity.me(required(principal)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/permissions',
      summary: 'May the caller do this? The answer the API itself would give, with the reason',
      description:
        'For example `?verb=operate&service=ads`. The UI disables what is not allowed and shows the reason; `cairn can` prints it.',
      tags: ['auth'],
      auth: 'ingest',
      query: PermissionQuerySchema,
      response: { status: 200, description: 'The decision', schema: PermissionAnswerSchema },
      handler: async ({ query, principal }) => {
        const caller = required(principal);
        const resource: Resource = query.service
          ? await identity.serviceResource(query.service)
          : query.incident
            ? await identity.incidentResource(query.incident)
            : { kind: 'platform' };
        const decision = await identity.decide(caller, query.verb, resource);
        return {
          items: [
            {
              verb: query.verb,
              service: resource.kind === 'service' ? resource.name : null,
              incident: resource.kind === 'incident' ? resource.id : null,
              owner: resource.kind === 'service' ? resource.owner : null,
              ...decision,
            },
          ],
        };
      },
    }),
  ];
}
