import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  /** Records per-route counts and latency on every request of `app`. */
  instrument(app: FastifyInstance, listener: string): void;
}

export interface StoreHealthProbe {
  name: string;
  ping(): Promise<void>;
}

/**
 * Cairn's own Prometheus metrics, on a registry of its own (not the process-global default), so
 * two servers in one test process never share counters.
 */
export function createHttpMetrics(stores: StoreHealthProbe[]): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cairn_' });
  const requests = new Counter({
    name: 'cairn_http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['listener', 'method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cairn_http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    labelNames: ['listener', 'method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'cairn_store_up',
    help: 'Whether a store answered a ping at scrape time (1) or not (0).',
    labelNames: ['store'],
    registers: [registry],
    async collect() {
      await Promise.all(
        stores.map(async (store) => {
          const up = await store.ping().then(
            () => 1,
            () => 0,
          );
          this.set({ store: store.name }, up);
        }),
      );
    },
  });

  return {
    registry,
    instrument(app, listener) {
      app.addHook('onResponse', async (request, reply) => {
        // The route pattern, not the raw URL, keeps label cardinality bounded.
        const route = request.routeOptions.url ?? 'unmatched';
        const labels = { listener, method: request.method, route };
        requests.inc({ ...labels, status: String(reply.statusCode) });
        duration.observe(labels, reply.elapsedTime / 1000);
      });
    },
  };
}
