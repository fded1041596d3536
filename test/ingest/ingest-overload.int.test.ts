import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kernel/logger.ts';
import {
  createInFlightLimit,
  createIngestMetrics,
  createIngestService,
  type InFlightLimit,
  ingestRoutes,
} from '../../src/modules/ingest/index.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { createHttpMetrics } from '../../src/server/http/metrics.ts';
import { platformRoutes } from '../../src/server/http/platform.routes.ts';
import {
  type BatchWriter,
  createBatchWriter,
  createChdbTelemetryStore,
  sql,
  type TelemetryStore,
} from '../../src/stores/telemetry/index.ts';
import { answerBeforeBody } from '../robustness/raw-http.ts';
import { type ListeningCairn, queryRows, startListeningCairn } from './ingest-harness.ts';
import { decodeStatus, errorOf, jsonSpan, jsonTraces, protoTraces } from './otlp-requests.ts';

/**
 * Ingest routes over writers that cannot take the work: a full queue and a store that fails every
 * insert. A real chDB store underneath (the listening Cairn's session), real HTTP in front.
 */
let cairn: ListeningCairn;
const apps: FastifyInstance[] = [];
const writers: BatchWriter[] = [];
const stores: TelemetryStore[] = [];

/**
 * Ingest routes (and /metrics) over `writer` on a listener of their own; with `inFlight`, behind
 * that admission cap, refusals counted on this listener's registry.
 */
async function serve(writer: BatchWriter, inFlight?: InFlightLimit): Promise<string> {
  if (writer !== cairn.runtime.writer) writers.push(writer);
  const metrics = createHttpMetrics([]);
  const ingestMetrics = createIngestMetrics(metrics.registry, () => writer.queuedRows());
  const service = createIngestService({
    writer,
    metrics: ingestMetrics,
    limits: { maxAttributes: 128, maxValueLength: 1024 },
    maxBodyBytes: 1 << 20,
  });
  const app = await buildHttpApp({
    listener: 'main',
    routes: [
      ...ingestRoutes({ service, maxBodyBytes: 1 << 20, inFlight, metrics: ingestMetrics }),
      ...platformRoutes({ metrics, stores: [], openApiDocument: () => ({}) }),
    ],
    authenticator: cairn.runtime.authenticator,
    metrics,
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

/** The value of one sample line of a Prometheus text exposition, or 0 when absent. */
function sampleValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('the in-flight ingest cap', () => {
  it('refuses a request beyond the cap with 503 + Retry-After before reading its body', async () => {
    const url = await serve(cairn.runtime.writer, createInFlightLimit({ maxRequests: 1, maxBytes: 1 << 30 }));
    // The first request is admitted and then waits for the rest of its body, holding the one slot.
    const holding = answerBeforeBody(
      url,
      {
        method: 'POST',
        path: '/v1/traces',
        headers: { authorization: cairn.auth, 'content-type': 'application/json' },
        contentLength: 1 << 20,
      },
      1024,
      2000,
    ).catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await answerBeforeBody(url, {
      method: 'POST',
      path: '/v1/logs',
      headers: { authorization: cairn.auth, 'content-type': 'application/json' },
      contentLength: 1 << 20,
    });
    expect({
      status: refused.status,
      retryAfter: refused.headers['retry-after'],
      body: JSON.parse(refused.body),
    }).toEqual({
      status: 503,
      retryAfter: '1',
      body: {
        error: {
          code: 'unavailable',
          message:
            'Too many ingest requests in flight (1 requests, 1048576 body bytes; limits 1 and 1073741824: ' +
            'ingest.maxInFlightRequests, ingest.maxInFlightBytes); retry in 1s',
        },
      },
    });
    const proto = await answerBeforeBody(url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { authorization: cairn.auth, 'content-type': 'application/x-protobuf' },
      contentLength: 1 << 20,
    });
    expect(proto.status).toBe(503);
    expect(proto.headers['content-type']).toBe('application/x-protobuf');
    expect(await holding).toBe('no answer within 2000 ms before the body was sent');
    // The held request's connection is gone: its slot is free again.
    const after = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, 'content-type': 'application/json' },
      body: jsonTraces('after-cap', [jsonSpan(0)]),
    });
    expect(after.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(
      sampleValue(metrics, 'cairn_ingest_refused_requests_total{channel="logs",reason="overloaded"}'),
    ).toBe(1);
    expect(
      sampleValue(metrics, 'cairn_ingest_refused_requests_total{channel="traces",reason="overloaded"}'),
    ).toBe(1);
  });

  it('under 24 concurrent senders and a cap of 4: no crash, every acknowledged span stored, every refusal counted', async () => {
    const url = await serve(
      cairn.runtime.writer,
      createInFlightLimit({ maxRequests: 4, maxBytes: 64 << 20 }),
    );
    const service = `overload-${randomBytes(4).toString('hex')}`;
    const SENDERS = 24;
    const REQUESTS_EACH = 6;
    const SPANS_PER_REQUEST = 40;
    const statuses: number[] = [];
    let acknowledgedSpans = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let r = 0; r < REQUESTS_EACH; r++) {
          const traceId = randomBytes(16).toString('hex');
          const spans = Array.from({ length: SPANS_PER_REQUEST }, (_, i) => jsonSpan(i, { traceId }));
          const response = await fetch(`${url}/v1/traces`, {
            method: 'POST',
            headers: { authorization: cairn.auth, 'content-type': 'application/json' },
            body: jsonTraces(service, spans),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
          if (response.status === 200) acknowledgedSpans += SPANS_PER_REQUEST;
          else expect(response.headers.get('retry-after')).toBe('1');
        }
      }),
    );
    clearInterval(sampler);
    const refused = statuses.filter((status) => status === 503).length;
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted + refused).toBe(SENDERS * REQUESTS_EACH);
    expect(refused).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
    const [row] = await queryRows<{ n: number }>(
      cairn,
      sql`SELECT toUInt32(count()) AS n FROM otel_traces WHERE ServiceName = ${service}`,
    );
    expect(row?.n).toBe(acknowledgedSpans);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(
      sampleValue(metrics, 'cairn_ingest_refused_requests_total{channel="traces",reason="overloaded"}'),
    ).toBe(refused);
    // Stated bound: the whole test process (server and senders) grows by less than 200 MiB.
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
