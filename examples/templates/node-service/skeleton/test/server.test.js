// Runs with Node's own test runner and no dependencies: `npm test` passes before `npm install`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer } from '../src/server.js';

const lines = [];
const logger = {
  info: (msg, fields) => lines.push({ msg, ...fields }),
  warn: () => {},
  error: () => {},
};
let ready = true;
const server = createServer({ logger, ready: () => ready });
let base;

before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test('healthz answers ok', async () => {
  const response = await fetch(`${base}/healthz`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('readyz follows readiness', async () => {
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  ready = false;
  assert.equal((await fetch(`${base}/readyz`)).status, 503);
  ready = true;
});

test('the root names the service', async () => {
  const body = await (await fetch(`${base}/`)).json();
  assert.equal(body.service, '${{ values.name }}');
});

test('request logs carry the trace id of the traceparent', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  await fetch(`${base}/healthz`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  const line = lines.findLast((l) => l.path === '/healthz');
  assert.equal(line.trace_id, traceId);
  assert.equal(line.span_id, '00f067aa0ba902b7');
  assert.equal(line.status, 200);
});
