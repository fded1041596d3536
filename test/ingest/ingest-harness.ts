import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type CairnConfigInput, CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { type CairnRuntime, composeCairn } from '../../src/server/compose.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { closeWithin } from '../../src/server/http/close-within.ts';
import type { SqlQuery } from '../../src/stores/telemetry/index.ts';
import { TEST_ADMIN_TOKEN } from '../support/start-cairn.ts';

export interface ListeningCairn {
  /** Base URL of the main listener, on 127.0.0.1 and a free port. */
  url: string;
  runtime: CairnRuntime;
  app: FastifyInstance;
  dataDir: string;
  /** `Authorization` header value for the admin token (which satisfies the ingest scope). */
  auth: string;
  close(): Promise<void>;
}

/**
 * The whole server wired by compose.ts, listening on a real port so the OpenTelemetry SDK and
 * Prometheus can send to it, while the test reads `runtime.telemetry` in the same process (chDB
 * allows one data dir per process, so a child process would hold it). Pass `dataDir` to reopen a
 * previous run's data.
 */
export async function startListeningCairn(
  options: { dataDir?: string; config?: Omit<CairnConfigInput, 'dataDir'> } = {},
): Promise<ListeningCairn> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cairn-ingest-'));
  const config = CairnConfigSchema.parse({
    ...options.config,
    dataDir,
    auth: { adminToken: TEST_ADMIN_TOKEN },
    log: { level: 'silent' },
  });
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config, logger });
  const app = await buildHttpApp({
    listener: 'main',
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // listen() resolved on a TCP port, so address() is an AddressInfo, not a pipe name.
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    app,
    dataDir,
    auth: `Bearer ${TEST_ADMIN_TOKEN}`,
    close: async () => {
      // Bounded as Cairn's own stop is (src/server/http/close-within.ts).
      await closeWithin(app, 2_000);
      await runtime.close();
    },
  };
}

/** Rows of a test query against the telemetry store (64-bit integers arrive as strings). */
export function queryRows<T>(cairn: ListeningCairn, query: SqlQuery): Promise<T[]> {
  return cairn.runtime.telemetry.query<T>(query);
}
