import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from './error-handler.ts';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the API or ingest: an unknown one is a JSON 404, never the web page. */
const API_PREFIXES = ['/api/', '/v1/'];

const UNBUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Cairn</title>
<p>The Cairn web UI has not been built. Run <code>npm run build</code> (done by <code>npm ci</code>), then reload.</p>`;

/**
 * The one inline stylesheet the UI needs: Cytoscape (the service graph) inserts this exact
 * `<style>` into the page. Allowing its hash keeps `'unsafe-inline'` out of the policy.
 */
const CYTOSCAPE_CONTAINER_STYLE = '.__________cytoscape_container { position: relative; }';

/**
 * The web UI's Content-Security-Policy: scripts, styles, data and fonts from Cairn itself only,
 * no plugins, no framing, no inline script. Images may be data: URIs (icons in CSS).
 */
export const WEB_CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': [
    "'self'",
    `'sha256-${createHash('sha256').update(CYTOSCAPE_CONTAINER_STYLE).digest('base64')}'`,
  ],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Serves the built web UI and answers every other browser path with its index.html, so that
 * client-side routes (/incidents/42, /login?token=…) can be opened and shared directly.
 */
export async function serveWebUi(app: FastifyInstance, distDir = WEB_DIST_DIR): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: WEB_CONTENT_SECURITY_POLICY },
    // Cairn is often reached over plain HTTP inside a network: upgrading requests to https, or
    // pinning HTTPS, is the TLS terminator's decision, not Cairn's.
    strictTransportSecurity: false,
  });
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
