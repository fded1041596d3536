import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/stores/telemetry/index.ts';
import { type ListeningCairn, queryRows, startListeningCairn } from './ingest-harness.ts';
import {
  decodePartialSuccess,
  decodeStatus,
  errorOf,
  gzipBomb,
  jsonSpan,
  jsonTraces,
  protoTraces,
} from './otlp-requests.ts';

const MAX_BODY = 4 << 20;
let cairn: ListeningCairn;
beforeAll(async () => {
  cairn = await startListeningCairn({ config: { server: { maxBodyBytes: MAX_BODY } } });
});
afterAll(async () => {
  await cairn?.close();
});

function post(path: string, body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${cairn.url}${path}`, {
    method: 'POST',
    headers: { authorization: cairn.auth, ...headers },
    body,
  });
}
const JSON_CT = { 'content-type': 'application/json' };
const PROTO_CT = { 'content-type': 'application/x-protobuf' };
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

async function spanCount(service: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    cairn,
    sql`SELECT toUInt32(count()) AS n FROM otel_traces WHERE ServiceName = ${service}`,
  );
  return row?.n ?? -1;
}

describe('OTLP ingest refuses bad input with the right status and keeps serving', () => {
  it('stores the valid spans and rejects one with a 5-byte trace id (JSON partial success)', async () => {
    const spans = [jsonSpan(0), jsonSpan(1), jsonSpan(2), jsonSpan(3, { traceId: '0102030405' })];
    const res = await post('/v1/traces', jsonTraces('partial-json', spans), JSON_CT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage:
          '1 spans rejected: resourceSpans[0].scopeSpans[0].spans[3].traceId: must be 16 bytes, got 5',
      },
    });
    expect(await spanCount('partial-json')).toBe(3);
  });

  it('answers protobuf with a protobuf partial success', async () => {
    const good = { traceId: new Uint8Array(16).fill(7), spanId: new Uint8Array(8).fill(1), name: 'ok' };
    const bad = {
      traceId: new Uint8Array(16).fill(7),
      spanId: new Uint8Array(3).fill(2),
      name: 'short span id',
    };
    const res = await post('/v1/traces', protoTraces('partial-proto', [good, bad]), PROTO_CT);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(decodePartialSuccess(await bytes(res))).toEqual({
      rejected: 1,
      errorMessage:
        '1 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].spanId: must be 8 bytes, got 3',
    });
    expect(await spanCount('partial-proto')).toBe(1);
  });

  it('answers 400 when every span is invalid', async () => {
    const res = await post(
      '/v1/traces',
      jsonTraces('all-bad', [jsonSpan(0, { traceId: '0102030405' })]),
      JSON_CT,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_input',
        message:
          'All 1 spans were rejected: resourceSpans[0].scopeSpans[0].spans[0].traceId: must be 16 bytes, got 5',
      },
    });
  });

  it('answers garbage protobuf with 400 and a google.rpc.Status naming the problem', async () => {
    const res = await post('/v1/traces', new Uint8Array([0x0a, 0x05, 0x0a, 0xff]), PROTO_CT);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(decodeStatus(await bytes(res))).toEqual({
      code: 3,
      message:
        'Invalid OTLP traces request: resourceSpans[0]: length 5 runs past the end of the message (2 bytes left)',
    });
  });

  it('names the JSON field of the wrong type', async () => {
    const res = await post('/v1/traces', jsonTraces('typed', [jsonSpan(0, { name: 42 })]), JSON_CT);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe(
      'Invalid OTLP traces request: resourceSpans[0].scopeSpans[0].spans[0].name: must be a string, got number',
    );
  });

  it('answers truncated gzip with 400', async () => {
    const gz = gzipSync(jsonTraces('gz', [jsonSpan(0)]));
    const res = await post('/v1/traces', gz.subarray(0, gz.length - 12), {
      ...JSON_CT,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: 'body: invalid gzip data (unexpected end of file)' },
    });
  });

  it('accepts gzip-compressed JSON', async () => {
    const res = await post('/v1/traces', gzipSync(jsonTraces('gzip-ok', [jsonSpan(0), jsonSpan(1)])), {
      ...JSON_CT,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await spanCount('gzip-ok')).toBe(2);
  });

  it('answers other content types with 415', async () => {
    const res = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message:
          'Content-Type "text/plain" is not supported; send application/x-protobuf or application/json',
      },
    });
  });

  it('answers a body above server.maxBodyBytes with 413', async () => {
    const res = await post('/v1/traces', new Uint8Array(MAX_BODY + 1), PROTO_CT);
    expect(res.status).toBe(413);
  });

  it('refuses a gzip bomb (1 GiB of zeros in ~1 MiB) with 413 without inflating it all', async () => {
    const bomb = await gzipBomb(1 << 30);
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const before = process.memoryUsage().rss;
    const res = await post('/v1/traces', bomb, { ...PROTO_CT, 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(decodeStatus(await bytes(res))).toEqual({
      code: 8,
      message: `body: more than ${MAX_BODY} bytes after gzip decompression (server.maxBodyBytes)`,
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(256 << 20);
  });

  it('keeps 128 of 10,000 attributes and says how many it dropped', async () => {
    const attributes = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
    const res = await post('/v1/traces', jsonTraces('many-attrs', [jsonSpan(0, { attributes })]), JSON_CT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '0',
        errorMessage: '9872 attributes dropped beyond the limit of 128 per record',
      },
    });
    const [row] = await queryRows<{ n: number; last: string }>(
      cairn,
      sql`SELECT toUInt32(length(SpanAttributes)) AS n, SpanAttributes['k127'] AS last
          FROM otel_traces WHERE ServiceName = 'many-attrs'`,
    );
    expect(row).toEqual({ n: 128, last: '127' });
  });

  it('answers 401 without a token', async () => {
    const res = await fetch(`${cairn.url}/v1/traces`, {
      method: 'POST',
      headers: JSON_CT,
      body: jsonTraces('x', []),
    });
    expect(res.status).toBe(401);
  });

  it('still serves after all of the above', async () => {
    expect((await fetch(`${cairn.url}/healthz`)).status).toBe(200);
    const res = await post('/v1/traces', jsonTraces('after', [jsonSpan(0)]), JSON_CT);
    expect(res.status).toBe(200);
    expect(await spanCount('after')).toBe(1);
  });

  it('counts accepted and rejected records and refused requests in its own /metrics', async () => {
    const counter = async (pattern: RegExp) => {
      const text = await (await fetch(`${cairn.url}/metrics`)).text();
      return Number(pattern.exec(text)?.[1] ?? 0);
    };
    const accepted = /^cairn_ingest_records_total\{channel="traces",outcome="accepted"\} (\d+)$/m;
    const rejected = /^cairn_ingest_records_total\{channel="traces",outcome="rejected"\} (\d+)$/m;
    const invalid = /^cairn_ingest_refused_requests_total\{channel="traces",reason="invalid"\} (\d+)$/m;
    const before = await Promise.all([counter(accepted), counter(rejected), counter(invalid)]);
    const spans = [jsonSpan(0), jsonSpan(1), jsonSpan(2, { traceId: '0102030405' })];
    expect((await post('/v1/traces', jsonTraces('counted', spans), JSON_CT)).status).toBe(200);
    expect((await post('/v1/traces', '{"resourceSpans": 7}', JSON_CT)).status).toBe(400);
    const after = await Promise.all([counter(accepted), counter(rejected), counter(invalid)]);
    expect(after.map((value, i) => value - (before[i] ?? 0))).toEqual([2, 1, 1]);
    const text = await (await fetch(`${cairn.url}/metrics`)).text();
    expect(text).toMatch(/^cairn_ingest_queued_rows 0$/m);
  });
});
