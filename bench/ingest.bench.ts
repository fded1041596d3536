/**
 * End-to-end OTLP ingest throughput: pre-encoded protobuf export requests sent by concurrent fetch
 * over real HTTP to an in-process Cairn (compose.ts wiring, chDB in a temp dir), against a raw
 * JSONEachRow insert of the same rows into the same chDB in the same run.
 *
 *   node bench/ingest.bench.ts [--spans 100000] [--logs 50000] [--batch 1000] [--concurrency 8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CairnConfigSchema } from '../src/kernel/config-schema.ts';
import { createLogger } from '../src/kernel/logger.ts';
import { AttributeCollector } from '../src/modules/ingest/otlp/otlp-model.ts';
import { decodeLogsProto, decodeTracesProto } from '../src/modules/ingest/otlp/proto-traces-logs.ts';
import { logRows, spanRows } from '../src/modules/ingest/otlp/trace-log-rows.ts';
import { ProtoWriter } from '../src/modules/ingest/protobuf/proto-writer.ts';
import { composeCairn } from '../src/server/compose.ts';
import { buildHttpApp } from '../src/server/http/build-app.ts';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    logs: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const SPANS = Number(values.spans);
const LOGS = Number(values.logs);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const TOKEN = 'bench-admin-token-0123456789abcdef';

const kv = (key: string, value: string) =>
  new ProtoWriter().bytes(1, key).message(2, new ProtoWriter().bytes(1, value));
const id = (bytes: number, n: number) => {
  const out = new Uint8Array(bytes);
  new DataView(out.buffer).setUint32(bytes - 4, n + 1);
  out[0] = 0xca;
  return out;
};

function resource(service: string): ProtoWriter {
  return new ProtoWriter()
    .message(1, kv('service.name', service))
    .message(1, kv('service.version', '1.4.2'))
    .message(1, kv('host.name', 'bench-host-1'));
}

/** One ExportTraceServiceRequest of `count` server spans with typical HTTP attributes. */
function traceRequest(first: number, count: number, service: string): Uint8Array {
  const scope = new ProtoWriter().message(1, new ProtoWriter().bytes(1, '@bench/http').bytes(2, '1.0.0'));
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  for (let i = first; i < first + count; i++) {
    const start = now + BigInt(i) * 1000n;
    scope.message(
      2,
      new ProtoWriter()
        .bytes(1, id(16, Math.floor(i / 8)))
        .bytes(2, id(8, i))
        .bytes(4, i % 8 === 0 ? new Uint8Array() : id(8, i - (i % 8)))
        .bytes(5, `GET /api/items/{id}`)
        .uint(6, 2)
        .fixed64(7, start)
        .fixed64(8, start + 12_345_678n)
        .message(9, kv('http.request.method', 'GET'))
        .message(9, kv('http.route', '/api/items/{id}'))
        .message(9, kv('http.response.status_code', i % 50 === 0 ? '500' : '200'))
        .message(9, kv('url.path', `/api/items/${i}`))
        .message(9, kv('server.address', 'items.internal'))
        .message(15, new ProtoWriter().uint(3, i % 50 === 0 ? 2 : 0)),
    );
  }
  const rs = new ProtoWriter().message(1, resource(service)).message(2, scope);
  return new ProtoWriter().message(1, rs).finish();
}

/** One ExportLogsServiceRequest of `count` log records. */
function logRequest(first: number, count: number, service: string): Uint8Array {
  const scope = new ProtoWriter().message(1, new ProtoWriter().bytes(1, '@bench/logger'));
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  for (let i = first; i < first + count; i++) {
    scope.message(
      2,
      new ProtoWriter()
        .fixed64(1, now + BigInt(i) * 1000n)
        .uint(2, 9)
        .bytes(3, 'INFO')
        .message(5, new ProtoWriter().bytes(1, `handled request ${i} for user ${i % 977} in ${i % 300} ms`))
        .message(6, kv('http.route', '/api/items/{id}'))
        .message(6, kv('user.id', String(i % 977)))
        .bytes(9, id(16, Math.floor(i / 8)))
        .bytes(10, id(8, i)),
    );
  }
  const rl = new ProtoWriter().message(1, resource(service)).message(2, scope);
  return new ProtoWriter().message(1, rl).finish();
}

function encodeAll(total: number, make: (first: number, count: number) => Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let first = 0; first < total; first += BATCH) out.push(make(first, Math.min(BATCH, total - first)));
  return out;
}

async function sendAll(url: string, bodies: Uint8Array[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-protobuf' },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-ingest-'));
  const config = CairnConfigSchema.parse({ dataDir, auth: { adminToken: TOKEN }, log: { level: 'silent' } });
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config, logger });
  const app = await buildHttpApp({
    listener: 'otlp',
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Listening on TCP, so the address is an AddressInfo.
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const attrs = () => new AttributeCollector({ maxAttributes: 128, maxValueLength: 16384 });
    const results: [string, number, number][] = [];
    for (const signal of ['spans', 'logs'] as const) {
      const total = signal === 'spans' ? SPANS : LOGS;
      if (total <= 0) continue;
      const make = signal === 'spans' ? traceRequest : logRequest;
      const table = signal === 'spans' ? 'otel_traces' : 'otel_logs';
      const bodies = encodeAll(total, (first, count) => make(first, count, `bench-${signal}-http`));
      // Warm up both paths on a small batch so JIT and chDB start-up do not count.
      await sendAll(`${base}/v1/${signal === 'spans' ? 'traces' : 'logs'}`, [make(0, 100, 'warmup')]);
      const httpSeconds = await sendAll(`${base}/v1/${signal === 'spans' ? 'traces' : 'logs'}`, bodies);

      // The baseline: the very same rows, built outside the timing, inserted straight into chDB in
      // the batch size the writer uses.
      const rawBodies = encodeAll(total, (first, count) => make(first, count, `bench-${signal}-raw`));
      const rows = rawBodies.flatMap((b) =>
        signal === 'spans'
          ? spanRows(decodeTracesProto(b, attrs())).rows
          : logRows(decodeLogsProto(b, attrs())).rows,
      );
      const rawStarted = performance.now();
      for (let i = 0; i < rows.length; i += 5000)
        await runtime.telemetry.insert(table, rows.slice(i, i + 5000));
      const rawSeconds = (performance.now() - rawStarted) / 1000;
      results.push([signal, total / httpSeconds, total / rawSeconds]);
    }
    for (const [signal, http, raw] of results) {
      console.log(
        `${signal}: OTLP/HTTP protobuf ${Math.round(http).toLocaleString('en')} /s, raw chDB JSONEachRow ${Math.round(raw).toLocaleString('en')} /s, ratio ${(http / raw).toFixed(2)}x (target >= 0.60x)`,
      );
    }
  } finally {
    await app.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
