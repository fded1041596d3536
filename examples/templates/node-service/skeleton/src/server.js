import { createServer as createHttpServer } from 'node:http';
import { createLogger, traceContext } from './logger.js';

/**
 * The ${{ values.name }} HTTP service. `/healthz` says the process is alive, `/readyz` that it can
 * take traffic (Kubernetes liveness and readiness probes); every request is logged with its trace.
 */
export function createServer({ logger = createLogger(), ready = () => true } = {}) {
  return createHttpServer((request, response) => {
    const started = process.hrtime.bigint();
    const send = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') send(200, { status: 'ok' });
    else if (request.url === '/readyz')
      ready() ? send(200, { status: 'ready' }) : send(503, { status: 'not ready' });
    else if (request.url === '/')
      send(200, { service: '${{ values.name }}', description: '${{ values.description }}' });
    else send(404, { error: 'not found' });
    logger.info('request', {
      method: request.method,
      path: request.url,
      status: response.statusCode,
      duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      ...traceContext(request.headers.traceparent),
    });
  });
}
