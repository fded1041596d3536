import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kernel/logger.ts';
import { createIngestService, ingestRoutes } from '../../src/modules/ingest/index.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { createHttpMetrics } from '../../src/server/http/metrics.ts';
import {
  type BatchWriter,
  createBatchWriter,
  createChdbTelemetryStore,
  type TelemetryStore,
} from '../../src/stores/telemetry/index.ts';
import { type ListeningCairn, startListeningCairn } from './ingest-harness.ts';
import { decodeStatus, errorOf, jsonSpan, jsonTraces, protoTraces } from './otlp-requests.ts';

/**
 * Ingest routes over writers that cannot take the work: a full queue and a store that fails every
 * insert. A real chDB store underneath (the listening Cairn's session), real HTTP in front.
 */
let cairn: ListeningCairn;
const apps: FastifyInstance[] = [];
const writers: BatchWriter[] = [];
const stores: TelemetryStore[] = [];

async function serve(writer: BatchWriter): Promise<string> {
  writers.push(writer);
  const service = createIngestService({
    writer,
    limits: { maxAttributes: 128, maxValueLength: 1024 },
    maxBodyBytes: 1 << 20,
  });
  const app = await buildHttpApp({
    listener: 'otlp',
    routes: ingestRoutes({ service, maxBodyBytes: 1 << 20 }),
    authenticator: cairn.runtime.authenticator,
    metrics: createHttpMetrics([]),
    logger: createLogger('silent'),
    maxBodyBytes: 1 << 20,
  });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Bound to a TCP port, so the address is an AddressInfo.
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  cairn = await startListeningCairn();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const writer of writers) await writer.close();
  for (const store of stores) await store.close();
  await cairn?.close();
});

describe('OTLP ingest under load and store faults', () => {
  it('sheds load with 503 and Retry-After when the write queue is full (JSON and protobuf)', async () => {
    const url = await serve(
      createBatchWriter(cairn.runtime.telemetry, { maxRows: 1000, maxDelayMs: 1000, maxQueuedRows: 2 }),
    );
    const json = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, 'content-type': 'application/json' },
      body: jsonTraces('busy', [jsonSpan(0), jsonSpan(1), jsonSpan(2)]),
    });
    expect(json.status).toBe(503);
    expect(json.headers.get('retry-after')).toBe('1');
    expect((await errorOf(json)).message).toBe(
      'Telemetry write queue is full (0 rows held, limit 2); retry in 1s',
    );
    const span = { traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(8).fill(1), name: 's' };
    const proto = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, 'content-type': 'application/x-protobuf' },
      body: protoTraces('busy', [span, span, span]),
    });
    expect(proto.status).toBe(503);
    expect(proto.headers.get('retry-after')).toBe('1');
    expect(decodeStatus(new Uint8Array(await proto.arrayBuffer())).code).toBe(14);
  });

  it('answers 503 when the store fails the insert (a Cairn-side fault), not 500', async () => {
    // A database that does not exist: every insert fails inside ClickHouse.
    const broken = createChdbTelemetryStore({
      path: `${cairn.dataDir}/telemetry`,
      database: 'no_such_database',
    });
    stores.push(broken);
    const url = await serve(createBatchWriter(broken, { maxRows: 1, maxDelayMs: 10, maxQueuedRows: 100 }));
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, 'content-type': 'application/json' },
      body: jsonTraces('broken', [jsonSpan(0)]),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'Storing otel_traces rows failed; retry later' },
    });
  });
});
