/**
 * End-to-end OTLP ingest throughput: pre-encoded protobuf export requests sent by concurrent fetch
 * over real HTTP to an in-process Cairn (compose.ts wiring, chDB in a temp dir), against a raw
 * JSONEachRow insert of the same rows into the same chDB in the same run (targets: spans at least
 * 0.9x of it, logs 1x). Then, in process: decoding spans alone, through the hand-written decoder and
 * through the code protobuf-es generates from the official .proto files (logs are decoded by that
 * generated code), and spans and logs to the insert's JSONEachRow bytes, written straight from the
 * body against decoded into rows (docs/adr/0006).
 *
 * The records are sent in rounds that alternate with rounds of the raw insert (half of them raw
 * first), and the ratio printed is the median of the rounds' ratios, with their spread: on a shared,
 * busy machine a single timing of each side swings by a factor of two or more as other work comes
 * and goes, while two sides timed next to each other see about the same load.
 *
 *   node bench/ingest.bench.ts [--spans 100000] [--logs 50000] [--rounds 5] [--batch 1000]
 *                              [--concurrency 8] [--no-decoders]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { create, toBinary } from '@bufbuild/protobuf';
import { CairnConfigSchema } from '../src/kernel/config-schema.ts';
import { createLogger } from '../src/kernel/logger.ts';
import { encodeLogsProto } from '../src/modules/ingest/otlp/log-lines.ts';
import { AttributeCollector } from '../src/modules/ingest/otlp/otlp-model.ts';
import { decodeLogsProto } from '../src/modules/ingest/otlp/proto-logs.ts';
import { decodeTracesProto } from '../src/modules/ingest/otlp/proto-traces.ts';
import { encodeTracesProto } from '../src/modules/ingest/otlp/span-lines.ts';
import { logRows, spanRows } from '../src/modules/ingest/otlp/trace-log-rows.ts';
import { ExportLogsServiceRequestSchema } from '../src/modules/ingest/protobuf/generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import { ExportTraceServiceRequestSchema } from '../src/modules/ingest/protobuf/generated/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts';
import { SeverityNumber } from '../src/modules/ingest/protobuf/generated/opentelemetry/proto/logs/v1/logs_pb.ts';
import {
  Span_SpanKind,
  Status_StatusCode,
} from '../src/modules/ingest/protobuf/generated/opentelemetry/proto/trace/v1/trace_pb.ts';
import { decodeTracesWithLibrary } from '../src/modules/ingest/protobuf/library-decode.ts';
import { composeCairn } from '../src/server/compose.ts';
import { buildHttpApp } from '../src/server/http/build-app.ts';
import { encodeJsonEachRow } from '../src/stores/telemetry/index.ts';
import type { SendBatch, SendOutcome } from './ingest-sender-worker.ts';

const { values } = parseArgs({
  allowNegative: true,
  options: {
    spans: { type: 'string', default: '100000' },
    logs: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '5' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    decoders: { type: 'boolean', default: true },
  },
});
const SPANS = Number(values.spans);
const LOGS = Number(values.logs);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const TOKEN = 'bench-admin-token-0123456789abcdef';

const kv = (key: string, value: string) => ({
  key,
  value: { value: { case: 'stringValue' as const, value } },
});
const id = (bytes: number, n: number) => {
  const out = new Uint8Array(bytes);
  new DataView(out.buffer).setUint32(bytes - 4, n + 1);
  out[0] = 0xca;
  return out;
};

function resource(service: string) {
  return {
    attributes: [
      kv('service.name', service),
      kv('service.version', '1.4.2'),
      kv('host.name', 'bench-host-1'),
    ],
  };
}

/** One ExportTraceServiceRequest of `count` server spans with typical HTTP attributes. */
function traceRequest(first: number, count: number, service: string): Uint8Array {
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spans = [];
  for (let i = first; i < first + count; i++) {
    const start = now + BigInt(i) * 1000n;
    spans.push({
      traceId: id(16, Math.floor(i / 8)),
      spanId: id(8, i),
      parentSpanId: i % 8 === 0 ? new Uint8Array() : id(8, i - (i % 8)),
      name: 'GET /api/items/{id}',
      kind: Span_SpanKind.SERVER,
      startTimeUnixNano: start,
      endTimeUnixNano: start + 12_345_678n,
      attributes: [
        kv('http.request.method', 'GET'),
        kv('http.route', '/api/items/{id}'),
        kv('http.response.status_code', i % 50 === 0 ? '500' : '200'),
        kv('url.path', `/api/items/${i}`),
        kv('server.address', 'items.internal'),
      ],
      status: { code: i % 50 === 0 ? Status_StatusCode.ERROR : Status_StatusCode.UNSET },
    });
  }
  return toBinary(
    ExportTraceServiceRequestSchema,
    create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        {
          resource: resource(service),
          scopeSpans: [{ scope: { name: '@bench/http', version: '1.0.0' }, spans }],
        },
      ],
    }),
  );
}

/** One ExportLogsServiceRequest of `count` log records. */
function logRequest(first: number, count: number, service: string): Uint8Array {
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  const logRecords = [];
  for (let i = first; i < first + count; i++) {
    logRecords.push({
      timeUnixNano: now + BigInt(i) * 1000n,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: {
        value: {
          case: 'stringValue' as const,
          value: `handled request ${i} for user ${i % 977} in ${i % 300} ms`,
        },
      },
      attributes: [kv('http.route', '/api/items/{id}'), kv('user.id', String(i % 977))],
      traceId: id(16, Math.floor(i / 8)),
      spanId: id(8, i),
    });
  }
  return toBinary(
    ExportLogsServiceRequestSchema,
    create(ExportLogsServiceRequestSchema, {
      resourceLogs: [
        { resource: resource(service), scopeLogs: [{ scope: { name: '@bench/logger' }, logRecords }] },
      ],
    }),
  );
}

function encodeAll(total: number, make: (first: number, count: number) => Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let first = 0; first < total; first += BATCH) out.push(make(first, Math.min(BATCH, total - first)));
  return out;
}

const senders = new Worker(new URL('./ingest-sender-worker.ts', import.meta.url));

/** Sends `bodies` from the sender thread with CONCURRENCY senders; resolves with the seconds taken. */
function sendAll(url: string, bodies: Uint8Array[]): Promise<number> {
  return new Promise((resolve, reject) => {
    senders.once('message', (outcome: SendOutcome) =>
      'error' in outcome ? reject(new Error(outcome.error)) : resolve(outcome.seconds),
    );
    senders.postMessage({ url, token: TOKEN, concurrency: CONCURRENCY, bodies } satisfies SendBatch);
  });
}

setFlagsFromString('--expose-gc');
/** A full garbage collection, through the `gc` that --expose-gc gives a new context. */
const collectGarbage = runInNewContext('gc') as () => void;

const rate = (perSecond: number) => Math.round(perSecond).toLocaleString('en');
const newAttrs = () => new AttributeCollector({ maxAttributes: 128, maxValueLength: 16384 });

/**
 * Records per second through each of two in-process paths over the same request bodies, each from
 * its best round. Rounds alternate between the paths so that both see the same machine load, each
 * after a full collection so that one path's garbage is not collected on the other's time: on a
 * shared machine the fastest round is the one least disturbed.
 */
function bestRates(
  records: number,
  bodies: Uint8Array[],
  paths: readonly [string, (body: Uint8Array) => unknown][],
): number[] {
  const best = paths.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 16; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const run = paths[i]?.[1] ?? (() => undefined);
      collectGarbage();
      const started = performance.now();
      for (const b of bodies) run(b);
      // The first rounds only warm the JIT up.
      if (round > 3)
        best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, (performance.now() - started) / 1000);
    }
  }
  return best.map((seconds) => records / seconds);
}

const IN_PROCESS_RECORDS = 10_000;

/**
 * Spans through the hand-written decoder and through the code protobuf-es generated from the
 * official .proto files: bytes to Cairn's model (what the two paths do differently), or bytes to
 * rows (with the row building both share).
 */
function compareDecoders(withRows: boolean): { hand: number; library: number } {
  const bodies = encodeAll(IN_PROCESS_RECORDS, (first, count) => traceRequest(first, count, 'decode'));
  const traces = (decode: typeof decodeTracesProto) => (b: Uint8Array) => {
    const model = decode(b, newAttrs());
    return withRows ? spanRows(model) : model;
  };
  const [hand = 0, library = 0] = bestRates(IN_PROCESS_RECORDS, bodies, [
    ['hand', traces(decodeTracesProto)],
    ['library', traces(decodeTracesWithLibrary)],
  ]);
  return { hand, library };
}

/**
 * Bytes to the insert's JSONEachRow bytes: written straight from the body (what ingest does for
 * the common shape), against decoding, building rows and `JSON.stringify` (the general path).
 */
function compareDirectLines(signal: 'spans' | 'logs'): { direct: number; general: number } {
  const bodies = encodeAll(IN_PROCESS_RECORDS, (first, count) =>
    signal === 'spans' ? traceRequest(first, count, 'lines') : logRequest(first, count, 'lines'),
  );
  const general =
    signal === 'spans'
      ? (b: Uint8Array) => Buffer.from(encodeJsonEachRow(spanRows(decodeTracesProto(b, newAttrs())).rows))
      : (b: Uint8Array) => Buffer.from(encodeJsonEachRow(logRows(decodeLogsProto(b, newAttrs())).rows));
  const direct =
    signal === 'spans'
      ? (b: Uint8Array) => encodeTracesProto(b, newAttrs())
      : (b: Uint8Array) => encodeLogsProto(b, newAttrs());
  const [directRate = 0, generalRate = 0] = bestRates(IN_PROCESS_RECORDS, bodies, [
    ['direct', direct],
    ['general', general],
  ]);
  return { direct: directRate, general: generalRate };
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
    for (const signal of ['spans', 'logs'] as const) {
      const total = signal === 'spans' ? SPANS : LOGS;
      if (total <= 0) continue;
      const make = signal === 'spans' ? traceRequest : logRequest;
      const table = signal === 'spans' ? 'otel_traces' : 'otel_logs';
      const url = `${base}/v1/${signal === 'spans' ? 'traces' : 'logs'}`;
      const perRound = Math.ceil(total / ROUNDS);
      // Warm up both paths on a small batch so JIT and chDB start-up do not count.
      await sendAll(url, [make(0, 100, 'warmup')]);
      const rounds: { http: number; raw: number }[] = [];
      // CPU of the whole process (every thread: chDB's, the senders', the event loop) per record.
      const cpu = { http: [] as number[], raw: [] as number[] };
      const timedCpu = async (side: 'http' | 'raw', run: () => Promise<number>) => {
        const before = process.cpuUsage();
        const result = await run();
        const used = process.cpuUsage(before);
        cpu[side].push((used.user + used.system) / perRound);
        return result;
      };
      for (let round = 0; round < ROUNDS; round++) {
        const bodies = encodeAll(perRound, (first, count) => make(first, count, `bench-${signal}-http`));
        // The baseline: the very same rows, built outside the timing, inserted straight into chDB in
        // the batch size the writer uses.
        const rows = encodeAll(perRound, (first, count) => make(first, count, `bench-${signal}-raw`)).flatMap(
          (b) =>
            signal === 'spans'
              ? spanRows(decodeTracesProto(b, newAttrs())).rows
              : logRows(decodeLogsProto(b, newAttrs())).rows,
        );
        const raw = () =>
          timedCpu('raw', async () => {
            const started = performance.now();
            for (let i = 0; i < rows.length; i += 5000)
              await runtime.telemetry.insert(table, rows.slice(i, i + 5000));
            return perRound / ((performance.now() - started) / 1000);
          });
        const http = () => timedCpu('http', async () => perRound / (await sendAll(url, bodies)));
        collectGarbage();
        if (round % 2 === 0) {
          const h = await http();
          rounds.push({ http: h, raw: await raw() });
        } else {
          const r = await raw();
          rounds.push({ raw: r, http: await http() });
        }
      }
      const ratios = rounds.map((r) => r.http / r.raw).sort((a, b) => a - b);
      const median = (list: number[]) => {
        const sorted = [...list].sort((a, b) => a - b);
        const mid = sorted.length >> 1;
        return sorted.length % 2 === 1
          ? (sorted[mid] ?? 0)
          : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      };
      const target = signal === 'spans' ? 0.9 : 1;
      console.log(
        `${signal}: OTLP/HTTP protobuf ${rate(median(rounds.map((r) => r.http)))} /s, raw chDB JSONEachRow insert ${rate(median(rounds.map((r) => r.raw)))} /s, ratio ${median(ratios).toFixed(2)}x (rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}) (target >= ${target.toFixed(2)}x)`,
      );
      console.log(
        `${signal}: CPU per record, all threads: OTLP/HTTP ${median(cpu.http).toFixed(1)} µs, raw insert ${median(cpu.raw).toFixed(1)} µs (medians of the rounds)`,
      );
    }
    // Spans only: logs are decoded by the generated code itself since ADR 6's idle-machine run.
    for (const withRows of values.decoders ? [false, true] : []) {
      const { hand, library } = compareDecoders(withRows);
      const what = withRows ? 'decode and build rows' : 'decode';
      const rule = withRows ? '' : ' (hand-written stays only at >= 1.50x)';
      console.log(
        `spans ${what}: hand-written ${rate(hand)} /s, protobuf-es generated ${rate(library)} /s, ratio ${(hand / library).toFixed(2)}x${rule}`,
      );
    }
    for (const signal of values.decoders ? (['spans', 'logs'] as const) : []) {
      const { direct, general } = compareDirectLines(signal);
      console.log(
        `${signal} to JSONEachRow bytes: written from the body ${rate(direct)} /s, decoded into rows ${rate(general)} /s, ratio ${(direct / general).toFixed(2)}x (docs/adr/0006)`,
      );
    }
  } finally {
    await senders.terminate();
    await app.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
