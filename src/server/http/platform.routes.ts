import { z } from 'zod';
import type { HttpMetrics, StoreHealthProbe } from './metrics.ts';
import { defineRoute, type RouteDefinition } from './route.ts';

const StatusSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  stores: z
    .record(z.string(), z.enum(['ok', 'unavailable']))
    .describe('Per store: "ok" or "unavailable"; the reason is in the server log, not in this answer.'),
});

const READINESS_PING_TIMEOUT_MS = 2000;

export interface PlatformRouteDeps {
  metrics: HttpMetrics;
  stores: StoreHealthProbe[];
  openApiDocument: () => unknown;
}

/** Liveness, readiness, metrics and the OpenAPI document: what operators and tooling poll. */
export function platformRoutes({ metrics, stores, openApiDocument }: PlatformRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness: the process is up',
      tags: ['platform'],
      auth: 'public',
      listeners: ['main', 'otlp'],
      response: { status: 200, description: 'Alive', schema: StatusSchema },
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      summary: 'Readiness: both stores are open, migrated and answering',
      tags: ['platform'],
      auth: 'public',
      listeners: ['main', 'otlp'],
      response: {
        status: 200,
        description: 'Ready (503 with the same body when not)',
        schema: ReadinessSchema,
      },
      handler: async ({ request, reply }) => {
        const results = await Promise.all(
          stores.map(async (store) => {
            const failure = await probe(store);
            // Anyone may ask: the reason (hosts, paths, driver messages) goes to the log only.
            if (failure) request.log.warn({ store: store.name, reason: failure }, 'store not ready');
            return [store.name, failure ? ('unavailable' as const) : ('ok' as const)] as const;
          }),
        );
        const ready = results.every(([, state]) => state === 'ok');
        reply.code(ready ? 200 : 503);
        return reply.send({ status: ready ? 'ok' : 'unavailable', stores: Object.fromEntries(results) });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      summary: 'Cairn’s own metrics in the Prometheus text format',
      tags: ['platform'],
      auth: 'public',
      response: { status: 200, description: 'Prometheus exposition text', contentType: 'text/plain' },
      handler: async ({ reply }) => {
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(text);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API, as an OpenAPI 3.1 document',
      tags: ['platform'],
      auth: 'public',
      response: { status: 200, description: 'The OpenAPI document' },
      handler: ({ reply }) => reply.send(openApiDocument()),
    }),
  ];
}

/** Pings a store within the timeout: undefined when it answered, else why not. */
async function probe(store: StoreHealthProbe): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${READINESS_PING_TIMEOUT_MS} ms`)),
      READINESS_PING_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
