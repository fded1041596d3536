import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { NotAllowedError, UnauthenticatedError } from '../../kernel/errors.ts';
import { scopeAllows } from '../../kernel/scopes.ts';
import type { Principal } from '../../modules/auth/contract.ts';
import type { RouteDefinition } from './route.ts';
import { parseOrThrow } from './validation.ts';

export interface Authenticator {
  /** The principal a bearer token stands for, or null when the token is unknown or revoked. */
  authenticate(token: string): Promise<Principal | null>;
}

/** Mounts route definitions on a Fastify instance: auth, validation, then the handler. */
export function registerRoutes(
  app: FastifyInstance,
  routes: RouteDefinition[],
  authenticator: Authenticator,
): void {
  for (const route of routes) {
    const options: RouteOptions = {
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const principal = route.auth === 'public' ? null : await authorize(request, route, authenticator);
        const params = route.params ? parseOrThrow(route.params, request.params, 'path') : undefined;
        const query = route.query ? parseOrThrow(route.query, request.query, 'query') : undefined;
        const body = route.body ? parseOrThrow(route.body, request.body ?? {}, 'body') : request.body;
        const result = await route.handler({ params, query, body, principal, request, reply });
        if (reply.sent) return reply;
        reply.code(route.response.status);
        if (route.response.status === 204 || result === undefined) return reply.send();
        return reply.send(result);
      },
    };
    if (route.rawBody?.contentTypes.includes('application/json')) {
      // JSON is parsed globally, but a signed webhook needs the exact bytes: this route gets its own
      // encapsulated scope where application/json arrives as a Buffer.
      app.register(async (scope) => {
        scope.removeContentTypeParser('application/json');
        scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
          done(null, body),
        );
        scope.route(options);
      });
    } else {
      app.route(options);
    }
  }
}

async function authorize(
  request: FastifyRequest,
  route: RouteDefinition,
  authenticator: Authenticator,
): Promise<Principal> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new UnauthenticatedError();
  const principal = await authenticator.authenticate(token);
  if (!principal) throw new UnauthenticatedError('The bearer token is unknown or revoked');
  if (route.auth !== 'public' && !scopeAllows(principal.scope, route.auth)) {
    throw new NotAllowedError(
      `${route.method} ${route.url} needs a token with the ${route.auth} scope; token "${principal.name}" has ${principal.scope}`,
    );
  }
  return principal;
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
