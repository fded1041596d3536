import { once } from 'node:events';
import { type AddressInfo, connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kernel/logger.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { answerBeforeBody } from './raw-http.ts';

const SIXTEEN_MIB = 16 * 1024 * 1024;

let cairn: ListeningCairn;
let otlp: FastifyInstance;
let otlpUrl: string;

beforeAll(async () => {
  cairn = await startListeningCairn({
    config: { integrations: { github: { webhookSecret: 'github-secret-for-tests' } } },
  });
  otlp = await buildHttpApp({
    listener: 'otlp',
    routes: cairn.runtime.routes,
    authenticator: cairn.runtime.authenticator,
    metrics: cairn.runtime.metrics,
    logger: createLogger('silent'),
    maxBodyBytes: SIXTEEN_MIB,
  });
  await otlp.listen({ host: '127.0.0.1', port: 0 });
  // Bound to a TCP port, so the address is an AddressInfo.
  otlpUrl = `http://127.0.0.1:${(otlp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await otlp?.close();
  await cairn?.close();
});

describe('authentication runs on the headers, before the body is read', () => {
  it.each([
    ['OTLP traces, main port', () => cairn.url, '/v1/traces', 'application/json'],
    ['OTLP logs, OTLP port', () => otlpUrl, '/v1/logs', 'application/x-protobuf'],
    ['remote write', () => cairn.url, '/api/v1/write', 'application/x-protobuf'],
    ['changes API', () => cairn.url, '/api/v1/changes', 'application/json'],
    ['Alertmanager webhook', () => cairn.url, '/api/v1/integrations/alertmanager', 'application/json'],
    ['Jenkins webhook', () => cairn.url, '/api/v1/integrations/jenkins', 'application/json'],
  ])('%s: a 16 MiB body without a token is refused with 401 after 1 KiB', async (_name, base, path, type) => {
    const answer = await answerBeforeBody(base(), {
      method: 'POST',
      path,
      headers: { 'content-type': type },
      contentLength: SIXTEEN_MIB,
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('refuses an unknown token before the body, with the error shape', async () => {
    const answer = await answerBeforeBody(cairn.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json', authorization: 'Bearer cairn_unknown_token_value' },
      contentLength: SIXTEEN_MIB,
    });
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'The bearer token is unknown or revoked' } },
    });
  });

  it('refuses an unsigned GitHub delivery before its body; a signed one must send the body', async () => {
    const unsigned = await answerBeforeBody(cairn.url, {
      method: 'POST',
      path: '/api/v1/integrations/github',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
      contentLength: SIXTEEN_MIB,
    });
    expect({ status: unsigned.status, body: JSON.parse(unsigned.body) }).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthenticated',
          message: 'X-Hub-Signature-256 is missing: configure the webhook with a secret',
        },
      },
    });
    // With a signature header the HMAC needs the body: the server waits for it (bounded by the
    // body limit), so no answer comes while the body is incomplete.
    await expect(
      answerBeforeBody(
        cairn.url,
        {
          method: 'POST',
          path: '/api/v1/integrations/github',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
          contentLength: 4096,
        },
        1024,
        500,
      ),
    ).rejects.toThrow('no answer within 500 ms');
  });

  it('refuses a body over the limit with 413 once authenticated', async () => {
    const answer = await answerBeforeBody(cairn.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json', authorization: cairn.auth },
      contentLength: SIXTEEN_MIB + 1,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('takes a Jenkins token from ?token= and checks its scope before the body', async () => {
    const answer = await answerBeforeBody(cairn.url, {
      method: 'POST',
      path: '/api/v1/integrations/jenkins?token=wrong',
      headers: { 'content-type': 'application/json' },
      contentLength: SIXTEEN_MIB,
    });
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'The bearer token is unknown or revoked' } },
    });
  });
});

describe('both listeners answer in the one error shape', () => {
  it.each([
    ['main', () => cairn.url],
    ['otlp', () => otlpUrl],
  ])('%s: an unknown ingest path is a JSON 404', async (_listener, base) => {
    const response = await fetch(`${base()}/v1/nothing`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no route POST /v1/nothing' },
    });
  });

  it.each([
    ['main', () => cairn.url],
    ['otlp', () => otlpUrl],
  ])('%s: a request the HTTP parser refuses gets a 400 in the error shape', async (_listener, base) => {
    const { hostname, port } = new URL(base());
    const socket = connect({ host: hostname, port: Number(port) });
    socket.write('NOT A REQUEST\r\n\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    await once(socket, 'close');
    const [head = '', body = ''] = received.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toEqual({ error: { code: 'invalid_input', message: 'malformed HTTP request' } });
  });

  it('otlp: an unknown GET path is a JSON 404 too (no web UI on that port)', async () => {
    const response = await fetch(`${otlpUrl}/incidents`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no route GET /incidents' },
    });
  });
});
