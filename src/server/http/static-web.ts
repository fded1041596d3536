import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from './error-handler.ts';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the API or ingest: an unknown one is a JSON 404, never the web page. */
const API_PREFIXES = ['/api/', '/v1/'];

const UNBUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Cairn</title>
<p>The Cairn web UI has not been built. Run <code>npm run build</code> (done by <code>npm ci</code>), then reload.</p>`;

/**
 * Serves the built web UI and answers every other browser path with its index.html, so that
 * client-side routes (/incidents/42, /login?token=…) can be opened and shared directly.
 */
export async function serveWebUi(app: FastifyInstance, distDir = WEB_DIST_DIR): Promise<void> {
  const built = existsSync(`${distDir}/index.html`);
  if (built) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: distDir, wildcard: true, index: false, cacheControl: false });
  }
  const sendShell = (reply: FastifyReply) => {
    if (!built) return reply.code(200).type('text/html').send(UNBUILT_PAGE);
    // The shell must never be cached: it names the hashed bundles of the current build.
    return reply.header('cache-control', 'no-store').sendFile('index.html');
  };
  // The static wildcard would answer `/` with 403 (a directory); `/` is the shell.
  app.get('/', (_request, reply) => sendShell(reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (request.method !== 'GET' || API_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
    }
    return sendShell(reply);
  });
}
