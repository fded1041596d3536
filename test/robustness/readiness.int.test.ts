import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kernel/logger.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { createHttpMetrics, type StoreHealthProbe } from '../../src/server/http/metrics.ts';
import { platformRoutes } from '../../src/server/http/platform.routes.ts';
import { openStateStore, type StateStore } from '../../src/stores/state/index.ts';
import { createTempDatabase, type TempDatabase } from '../support/postgres.ts';

/**
 * Two real state stores: SQLite, open; PostgreSQL on a database dropped under it, whose ping fails
 * with the server's own message (which names the database).
 */
let open: StateStore;
let closed: StateStore;
let database: TempDatabase;
let app: FastifyInstance;
const logLines: string[] = [];
let closedReason = '';

beforeAll(async () => {
  open = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-ready-')) });
  database = await createTempDatabase();
  closed = await openStateStore({ url: database.url, dataDir: mkdtempSync(join(tmpdir(), 'cairn-ready-')) });
  await database.drop();
  closedReason = await closed.ping().then(
    () => '',
    (error: Error) => error.message,
  );
  const probes: StoreHealthProbe[] = [
    { name: 'state', ping: () => open.ping() },
    { name: 'telemetry', ping: () => closed.ping() },
  ];
  const logs = new PassThrough();
  logs.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().trim().split('\n')));
  const metrics = createHttpMetrics(probes);
  app = await buildHttpApp({
    listener: 'main',
    routes: platformRoutes({ metrics, stores: probes, openApiDocument: () => ({}) }),
    authenticator: { authenticate: async () => null },
    metrics,
    logger: createLogger('warn', logs),
    maxBodyBytes: 1024,
  });
});
afterAll(async () => {
  await app?.close();
  await open?.close();
  await closed?.close();
});

describe('/readyz for an anonymous caller', () => {
  it('says which store is unavailable without the internal reason, which goes to the log', async () => {
    expect(closedReason).not.toBe('');
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      stores: { state: 'ok', telemetry: 'unavailable' },
    });
    expect(response.body).not.toContain(closedReason);
    const logged = logLines.map(
      (line) => JSON.parse(line) as { msg: string; store?: string; reason?: string },
    );
    expect(logged.filter((line) => line.msg === 'store not ready')).toEqual([
      expect.objectContaining({ store: 'telemetry', reason: closedReason }),
    ]);
  });
});
