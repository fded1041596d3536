import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
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
  it('charges a chunked body (as the OpenTelemetry JS exporters send) by the bytes that arrive', async () => {
    const url = await serve(
      cairn.runtime.writer,
      createInFlightLimit({ maxRequests: 16, maxBytes: 256 << 10 }),
    );
    const service = `chunked-${randomBytes(4).toString('hex')}`;
    // A holds 100 KiB of a chunked body while B and C arrive. Charging an undeclared length the
    // whole body limit (1 MiB) would refuse B; charging what arrives admits it and refuses only C.
    const bodyOf = (name: string, kib: number) =>
      Buffer.from(jsonTraces(service, [jsonSpan(0, { name, attributes: padding(kib) })]));
    const a = bodyOf('a', 150);
    const held = sendChunked(url, a.subarray(0, 100 << 10), { more: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const b = await sendChunked(url, bodyOf('b', 50)).done;
    const c = await sendChunked(url, bodyOf('c', 200)).done;
    held.write(a.subarray(100 << 10));
    const finishedA = await held.done;
    expect({ a: finishedA.status, b: b.status, c: c.status }).toEqual({ a: 200, b: 200, c: 503 });
    expect(c.retryAfter).toBe('1');
    const stored = await queryRows<{ name: string }>(
      cairn,
      sql`SELECT SpanName AS name FROM otel_traces WHERE ServiceName = ${service} ORDER BY name`,
    );
    expect(stored.map((row) => row.name)).toEqual(['a', 'b']);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(
      sampleValue(metrics, 'cairn_ingest_refused_requests_total{channel="traces",reason="overloaded"}'),
    ).toBe(1);
  });
});

/** One string attribute of `kib` KiB, to give a span a known size. */
function padding(kib: number): Record<string, unknown>[] {
  return [{ key: 'padding', value: { stringValue: 'x'.repeat(kib << 10) } }];
}

interface ChunkedSend {
  /** Sends the rest of the body (after `more: true`) and ends it. */
  write(chunk: Buffer): void;
  done: Promise<{ status: number; retryAfter: string | undefined }>;
}

/**
 * POSTs OTLP JSON to /v1/traces with no Content-Length (chunked transfer encoding), the way the
 * OpenTelemetry JS exporters pipe their bodies. With `more`, the body stays open until `write`.
 */
function sendChunked(url: string, first: Buffer, { more = false } = {}): ChunkedSend {
  const request = httpRequest(`${url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: cairn.auth, 'content-type': 'application/json' },
  });
  const done = new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      const retryAfter = response.headers['retry-after'];
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter }));
    });
    request.on('error', reject);
  });
  request.write(first);
  if (!more) request.end();
  return {
    write: (chunk) => request.end(chunk),
    done,
  };
}
