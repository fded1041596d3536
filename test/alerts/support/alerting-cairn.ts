import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type CairnConfigInput, CairnConfigSchema } from '../../../src/kernel/config-schema.ts';
import { createLogger } from '../../../src/kernel/logger.ts';
import { type CairnRuntime, composeCairn } from '../../../src/server/compose.ts';
import { buildHttpApp } from '../../../src/server/http/build-app.ts';
import { closeWithin } from '../../../src/server/http/close-within.ts';
import { TEST_ADMIN_TOKEN } from '../../support/start-cairn.ts';

export interface AlertingCairn {
  url: string;
  app: FastifyInstance;
  runtime: CairnRuntime;
  token: string;
  /** Calls the API with the admin token. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The whole server wired by compose.ts with the given config (short alerting windows in tests),
 * listening on a free port so a real Alertmanager can post to it; `web` serves the built UI too.
 */
export async function startAlertingCairn(
  config: Partial<CairnConfigInput>,
  options: { web?: boolean } = {},
): Promise<AlertingCairn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-alerting-'));
  const parsed = CairnConfigSchema.parse({
    dataDir,
    auth: { adminToken: TEST_ADMIN_TOKEN },
    log: { level: 'silent' },
    ...config,
  });
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config: parsed, logger });
  const app = await buildHttpApp({
    listener: 'main',
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: parsed.server.maxBodyBytes,
    // Browser journeys need the built UI served beside the API, as `cairn up` does.
    ...(options.web ? { web: {} } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Bound to TCP just above.
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    runtime,
    token: TEST_ADMIN_TOKEN,
    api: async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      // Our own API answers JSON; the caller names the shape.
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    close: async () => {
      // Bounded as Cairn's own stop is (src/server/http/close-within.ts).
      await closeWithin(app, 2_000);
      await runtime.close();
    },
  };
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
