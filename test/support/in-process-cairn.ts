import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../src/kernel/clock.ts';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { type CairnRuntime, composeCairn } from '../../src/server/compose.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { closeWithin } from '../../src/server/http/close-within.ts';
import { TEST_ADMIN_TOKEN } from './start-cairn.ts';

export interface InProcessCairn {
  app: FastifyInstance;
  runtime: CairnRuntime;
  adminToken: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The whole server wired by compose.ts, without a port: requests go through `app.inject`.
 * Real stores: SQLite (or the PostgreSQL at `stateUrl`) and chDB in a temp data dir.
 */
export async function startInProcess(
  options: {
    stateUrl?: string;
    webDistDir?: string;
    policyPaths?: string[];
    catalogDir?: string;
    /** Top-level config sections to set (e.g. `{ feedback: { anonymous: true } }`). */
    config?: Record<string, unknown>;
    clock?: Clock;
  } = {},
): Promise<InProcessCairn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-inproc-'));
  const config = CairnConfigSchema.parse({
    dataDir,
    state: options.stateUrl ? { url: options.stateUrl } : {},
    auth: { adminToken: TEST_ADMIN_TOKEN },
    log: { level: 'silent' },
    policy: { paths: options.policyPaths ?? [] },
    ...(options.catalogDir ? { catalog: { sources: [{ type: 'dir', path: options.catalogDir }] } } : {}),
    ...options.config,
  });
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const app = await buildHttpApp({
    listener: 'main',
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
    web: options.webDistDir ? { distDir: options.webDistDir } : {},
  });
  await app.ready();
  return {
    app,
    runtime,
    adminToken: TEST_ADMIN_TOKEN,
    dataDir,
    close: async () => {
      // Bounded as Cairn's own stop is (src/server/http/close-within.ts).
      await closeWithin(app, 2_000);
      await runtime.close();
    },
  };
}

/** One API call as the admin, through `app.inject`: the status and the parsed JSON body. */
export async function callAsAdmin<T>(
  cairn: InProcessCairn,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await cairn.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${cairn.adminToken}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() as T };
}
