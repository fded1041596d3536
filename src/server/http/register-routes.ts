import type { FastifyInstance, RouteOptions } from 'fastify';
import { parseOrThrow } from '../../kernel/validation.ts';
import { type Authenticator, authenticateRequest, principalOf } from './auth-hook.ts';
import type { RouteDefinition } from './route.ts';

export type { Authenticator } from './auth-hook.ts';

/**
 * Mounts route definitions on a Fastify instance. Authentication, then the route's own admission
 * check, run in `onRequest`, before the body is read; validation and the handler run after.
 */
export function registerRoutes(
  app: FastifyInstance,
  routes: RouteDefinition[],
  authenticator: Authenticator,
): void {
  for (const route of routes) {
    const options: RouteOptions = {
      method: route.method,
      url: route.url,
      onRequest: async (request, reply) => {
        await authenticateRequest(request, route, authenticator);
        // An admission check that answered itself returns the reply, which ends the request here.
        return route.admit?.(request, reply);
      },
      handler: async (request, reply) => {
        const principal = principalOf(request);
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
    const { meterBody } = route;
    if (meterBody) options.preParsing = async (request, _reply, payload) => meterBody(request, payload);
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
