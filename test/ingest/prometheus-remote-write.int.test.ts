import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../src/modules/ingest/protobuf/proto-writer.ts';
import { sql } from '../../src/stores/telemetry/index.ts';
import { TEST_ADMIN_TOKEN } from '../support/start-cairn.ts';
import { type ListeningCairn, queryRows, startListeningCairn } from './ingest-harness.ts';
import { errorOf } from './otlp-requests.ts';

let cairn: ListeningCairn;
let target: Server;
let prometheus: ChildProcess | undefined;
let prometheusLog = '';
const promDir = mkdtempSync(join(tmpdir(), 'cairn-prometheus-'));

beforeAll(async () => {
  cairn = await startListeningCairn();
  // The scrape target: a tiny exporter with one counter.
  target = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end('# TYPE shop_orders_total counter\nshop_orders_total{path="/cart"} 3\n');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  prometheus?.kill('SIGKILL');
  await new Promise<void>((resolve) => target?.close(() => resolve()));
  await cairn?.close();
  rmSync(promDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      // Listening on TCP, so the address is an AddressInfo.
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A remote-write 1.0 body: snappy(WriteRequest) with the given series. */
/** Sample values are numbers, or raw IEEE-754 bits as a bigint (a JS NaN would lose its payload). */
function writeRequest(
  series: { labels: [string, string][]; samples: [number | bigint, number][] }[],
): Uint8Array {
  const request = new ProtoWriter();
  for (const s of series) {
    const ts = new ProtoWriter();
    for (const [name, value] of s.labels) ts.message(1, new ProtoWriter().bytes(1, name).bytes(2, value));
    for (const [value, ms] of s.samples) {
      const sample =
        typeof value === 'bigint' ? new ProtoWriter().fixed64(1, value) : new ProtoWriter().double(1, value);
      ts.message(2, sample.uint(2, ms));
    }
    request.message(1, ts);
  }
  return compress(request.finish());
}

function postWrite(body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${cairn.url}/api/v1/write`, {
    method: 'POST',
    headers: {
      authorization: cairn.auth,
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      ...headers,
    },
    body,
  });
}

describe('Prometheus remote write 1.0', () => {
  it('stores what a real Prometheus scrapes, with MetricName, ServiceName from job, and labels', async () => {
    const targetPort = (target.address() as AddressInfo).port;
    const promPort = await freePort();
    const config = join(promDir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: shop, static_configs: [{ targets: ["127.0.0.1:${targetPort}"] }] }`,
        'remote_write:',
        `  - url: ${cairn.url}/api/v1/write`,
        `    authorization: { credentials: ${TEST_ADMIN_TOKEN} }`,
        '    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }',
      ].join('\n'),
    );
    prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(promDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      prometheusLog += chunk.toString();
    });

    type Row = { MetricName: string; ServiceName: string; Attributes: Record<string, string>; Value: number };
    let rows: Row[] = [];
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      rows = await queryRows<Row>(
        cairn,
        sql`SELECT MetricName, ServiceName, Attributes, Value FROM otel_metrics_gauge WHERE MetricName IN ('shop_orders_total', 'up') ORDER BY TimeUnix`,
      );
      if (rows.some((r) => r.MetricName === 'shop_orders_total') && rows.some((r) => r.MetricName === 'up'))
        break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const instance = `127.0.0.1:${targetPort}`;
    expect(
      rows.find((r) => r.MetricName === 'shop_orders_total'),
      prometheusLog.slice(-2000),
    ).toEqual({
      MetricName: 'shop_orders_total',
      ServiceName: 'shop',
      Attributes: { instance, job: 'shop', path: '/cart' },
      Value: 3,
    });
    expect(rows.find((r) => r.MetricName === 'up')).toEqual({
      MetricName: 'up',
      ServiceName: 'shop',
      Attributes: { instance, job: 'shop' },
      Value: 1,
    });
  }, 60_000);

  it('takes ServiceName from service, then service_name, then job; skips stale markers; keeps exact times', async () => {
    const ms = Date.now() - 60_000;
    const res = await postWrite(
      writeRequest([
        {
          labels: [
            ['__name__', 'rw_a'],
            ['job', 'j'],
            ['service_name', 'sn'],
            ['service', 'svc'],
          ],
          samples: [[1, ms]],
        },
        {
          labels: [
            ['__name__', 'rw_b'],
            ['job', 'j'],
            ['service_name', 'sn'],
          ],
          samples: [[2, ms]],
        },
        {
          labels: [
            ['__name__', 'rw_c'],
            ['job', 'j'],
          ],
          samples: [
            [3, ms],
            [0x7ff0000000000002n, ms + 1000],
            [Number.NaN, ms + 2000],
          ],
        },
      ]),
    );
    expect(res.status).toBe(204);
    const rows = await queryRows<{ MetricName: string; ServiceName: string; Value: string; t: string }>(
      cairn,
      sql`SELECT MetricName, ServiceName, toString(Value) AS Value, toString(TimeUnix) AS t
          FROM otel_metrics_gauge WHERE startsWith(MetricName, 'rw_') ORDER BY MetricName, TimeUnix`,
    );
    const at = (offset: number) =>
      `${new Date(ms + offset).toISOString().replace('T', ' ').slice(0, 23)}000000`;
    expect(rows).toEqual([
      { MetricName: 'rw_a', ServiceName: 'svc', Value: '1', t: at(0) },
      { MetricName: 'rw_b', ServiceName: 'sn', Value: '2', t: at(0) },
      { MetricName: 'rw_c', ServiceName: 'j', Value: '3', t: at(0) },
      // A real NaN sample is a value and is kept; the stale marker between them is not stored.
      { MetricName: 'rw_c', ServiceName: 'j', Value: 'nan', t: at(2000) },
    ]);
  });

  it('answers 400 for bad snappy, bad protobuf and a series without __name__', async () => {
    const badSnappy = await postWrite(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    expect(badSnappy.status).toBe(400);
    expect((await errorOf(badSnappy)).message).toMatch(/^body: invalid snappy data \(/);

    const badProto = await postWrite(compress(new Uint8Array([0x0a, 0x7f, 0x01])));
    expect(badProto.status).toBe(400);
    expect((await errorOf(badProto)).message).toBe(
      'Invalid remote-write request: timeseries[0]: length 127 runs past the end of the message (1 bytes left)',
    );

    const noName = await postWrite(writeRequest([{ labels: [['job', 'j']], samples: [[1, Date.now()]] }]));
    expect(noName.status).toBe(400);
    expect((await errorOf(noName)).message).toBe(
      'Invalid remote-write request: timeseries[0].labels: missing the __name__ label',
    );
  });

  it('answers 415 for a content encoding other than snappy', async () => {
    const res = await postWrite(writeRequest([]), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(415);
  });
});
