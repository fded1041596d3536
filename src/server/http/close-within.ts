import type { FastifyInstance } from 'fastify';

/**
 * Stops listening and lets the requests in flight finish for `graceMs`, then cuts the connections
 * still open: a request waiting that long (an ingest queued behind a long query) is not answered,
 * so its sender sends it again, and the rest of a shutdown budget is left to flush what was
 * already queued.
 */
export async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
