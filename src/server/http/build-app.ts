import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../../kernel/logger.ts';
import { answerClientError } from './client-error.ts';
import { errorBody, installErrorHandler } from './error-handler.ts';
import type { HttpMetrics } from './metrics.ts';
import { type Authenticator, registerRoutes } from './register-routes.ts';
import type { Listener, RouteDefinition } from './route.ts';
import { serveWebUi } from './static-web.ts';

export interface BuildAppOptions {
  listener: Listener;
  routes: RouteDefinition[];
  authenticator: Authenticator;
  metrics: HttpMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** Serve the web UI (main listener only). */
  web?: { distDir?: string };
}

/** One Fastify instance for one listener: the routes meant for it, errors, metrics and request logs. */
export async function buildHttpApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // A pino Logger is a FastifyBaseLogger; widening keeps the instance at Fastify's default type.
    loggerInstance: options.logger as FastifyBaseLogger,
    // Our own request log line below: Fastify's would print query strings, and /login carries a token.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxBodyBytes,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    forceCloseConnections: 'idle',
    // A docs page path travels URL-encoded in one segment (`guide%2Fsetup.md`): room for deep folders.
    routerOptions: { maxParamLength: 1000 },
  });
  installErrorHandler(app);
  options.metrics.instrument(app, options.listener);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  // Parses the Cookie header before authentication (browser sessions) and adds reply.setCookie.
  await app.register(fastifyCookie);
  registerRawBodyParsers(app, options.routes);
  const mine = options.routes.filter((route) => (route.listeners ?? ['main']).includes(options.listener));
  registerRoutes(app, mine, options.authenticator);
  if (options.web) await serveWebUi(app, options.web.distDir);
  else answerUnknownRoutesWithErrorBody(app);
  return app;
}

/** Listeners without the web UI (the OTLP port) answer unknown paths in the one error shape. */
function answerUnknownRoutesWithErrorBody(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
  });
}

/** Raw-body routes (protobuf, snappy) get their content types parsed as Buffers. */
function registerRawBodyParsers(app: FastifyInstance, routes: RouteDefinition[]): void {
  const types = new Set(routes.flatMap((route) => route.rawBody?.contentTypes ?? []));
  types.delete('application/json');
  if (types.size === 0) return;
  app.addContentTypeParser([...types], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
