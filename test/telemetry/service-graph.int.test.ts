import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../src/modules/telemetry/index.ts';
import { createObservedTelemetry } from '../../src/modules/telemetry/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { apiGet, rangeQuery } from './query-api.ts';
import { at, baseHour, hexId, insertSpans, type SpanInput } from './telemetry-fixtures.ts';

/**
 * Three requests through frontend → checkout → payment → PostgreSQL, plus a queue hop and an
 * external API. Trace 2 fails in payment (server side); trace 1's database call fails (client side).
 */
function chain(base: Date, i: number): SpanInput[] {
  const traceId = hexId(16);
  const t = at(base, 10 + i);
  const ids = { fe: hexId(8), feOut: hexId(8), co: hexId(8), coOut: hexId(8), pay: hexId(8), db: hexId(8) };
  const ms = [100, 200, 300][i] ?? 100;
  return [
    {
      traceId,
      spanId: ids.fe,
      service: 'frontend',
      name: 'GET /buy',
      kind: 'Server',
      start: t,
      durationMs: ms + 50,
    },
    {
      traceId,
      spanId: ids.feOut,
      parentSpanId: ids.fe,
      service: 'frontend',
      name: 'POST /checkout',
      kind: 'Client',
      start: t,
      durationMs: ms,
    },
    {
      traceId,
      spanId: ids.co,
      parentSpanId: ids.feOut,
      service: 'checkout',
      name: 'POST /checkout',
      kind: 'Server',
      start: t,
      durationMs: ms - 10,
    },
    {
      traceId,
      spanId: ids.coOut,
      parentSpanId: ids.co,
      service: 'checkout',
      name: 'charge',
      kind: 'Client',
      start: t,
      durationMs: 40 + i * 10,
      status: i === 2 ? 'Error' : 'Unset',
    },
    {
      traceId,
      spanId: ids.pay,
      parentSpanId: ids.coOut,
      service: 'payment',
      name: 'charge',
      kind: 'Server',
      start: t,
      durationMs: 30 + i * 10,
      status: i === 2 ? 'Error' : 'Ok',
    },
    {
      traceId,
      spanId: ids.db,
      parentSpanId: ids.pay,
      service: 'payment',
      name: 'INSERT payments',
      kind: 'Client',
      start: t,
      durationMs: 5,
      status: i === 1 ? 'Error' : 'Unset',
      attributes: { 'db.system': 'postgresql' },
    },
    {
      traceId,
      parentSpanId: ids.pay,
      service: 'payment',
      name: 'SELECT fx',
      kind: 'Internal',
      start: t,
      durationMs: 1,
    },
  ];
}

function queueAndExternal(base: Date): SpanInput[] {
  const traceId = hexId(16);
  const producer = hexId(8);
  const root = hexId(8);
  const t = at(base, 20);
  return [
    { traceId, spanId: root, service: 'checkout', name: 'job', kind: 'Internal', start: t, durationMs: 50 },
    {
      traceId,
      spanId: producer,
      parentSpanId: root,
      service: 'checkout',
      name: 'orders publish',
      kind: 'Producer',
      start: t,
      durationMs: 2,
    },
    {
      traceId,
      parentSpanId: producer,
      service: 'shipping',
      name: 'orders process',
      kind: 'Consumer',
      start: at(base, 20, 5),
      durationMs: 20,
    },
    {
      traceId,
      parentSpanId: root,
      service: 'checkout',
      name: 'GET',
      kind: 'Client',
      start: t,
      durationMs: 80,
      attributes: { 'peer.service': 'stripe', 'server.address': 'api.stripe.com' },
    },
    {
      traceId,
      parentSpanId: root,
      service: 'checkout',
      name: 'GET',
      kind: 'Client',
      start: t,
      durationMs: 60,
      attributes: { 'server.address': 'geo.example.com' },
    },
    {
      traceId,
      parentSpanId: root,
      service: 'checkout',
      name: 'query',
      kind: 'Client',
      start: t,
      durationMs: 7,
      attributes: { 'db.system.name': 'redis', 'db.system': 'ignored-old-name' },
    },
  ];
}

describe('GET /api/v1/service-graph', () => {
  let cairn: InProcessCairn;
  const base = baseHour();
  const window = rangeQuery(base, at(base, 60));

  beforeAll(async () => {
    cairn = await startInProcess();
    // Separate inserts: pairing must not depend on caller and callee arriving in one batch.
    for (const spans of [chain(base, 0), chain(base, 1), chain(base, 2)]) {
      const callers = spans.filter((s) => s.kind === 'Client');
      await insertSpans(cairn.runtime.telemetry, callers);
      await insertSpans(
        cairn.runtime.telemetry,
        spans.filter((s) => s.kind !== 'Client'),
      );
    }
    await insertSpans(cairn.runtime.telemetry, queueAndExternal(base));
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('pairs client and server spans across batches into edges with exact calls, errors and latency', async () => {
    const { status, body } = await apiGet<ServiceGraph>(cairn, `/api/v1/service-graph?${window}`);
    expect(status).toBe(200);
    expect(body.edges).toEqual([
      { source: 'checkout', target: 'geo.example.com', calls: 1, errors: 0, p50Ms: 60, p99Ms: 60 },
      { source: 'checkout', target: 'payment', calls: 3, errors: 1, p50Ms: 50, p99Ms: 59.8 },
      { source: 'checkout', target: 'redis', calls: 1, errors: 0, p50Ms: 7, p99Ms: 7 },
      { source: 'checkout', target: 'shipping', calls: 1, errors: 0, p50Ms: 2, p99Ms: 2 },
      { source: 'checkout', target: 'stripe', calls: 1, errors: 0, p50Ms: 80, p99Ms: 80 },
      { source: 'frontend', target: 'checkout', calls: 3, errors: 0, p50Ms: 200, p99Ms: 298 },
      { source: 'payment', target: 'postgresql', calls: 3, errors: 1, p50Ms: 5, p99Ms: 5 },
      { source: 'user', target: 'frontend', calls: 3, errors: 0, p50Ms: 250, p99Ms: 348 },
    ]);
  });

  it('names nodes by kind, with service nodes carrying their own requests', async () => {
    const { body } = await apiGet<ServiceGraph>(cairn, `/api/v1/service-graph?${window}`);
    expect(body.nodes).toEqual([
      { name: 'checkout', kind: 'service', calls: 3, errors: 0, p50Ms: 190, p99Ms: 288 },
      { name: 'frontend', kind: 'service', calls: 3, errors: 0, p50Ms: 250, p99Ms: 348 },
      { name: 'geo.example.com', kind: 'external', calls: 1, errors: 0, p50Ms: 60, p99Ms: 60 },
      { name: 'payment', kind: 'service', calls: 3, errors: 1, p50Ms: 40, p99Ms: 49.8 },
      { name: 'postgresql', kind: 'database', calls: 3, errors: 1, p50Ms: 5, p99Ms: 5 },
      { name: 'redis', kind: 'database', calls: 1, errors: 0, p50Ms: 7, p99Ms: 7 },
      { name: 'shipping', kind: 'service', calls: 1, errors: 0, p50Ms: 20, p99Ms: 20 },
      { name: 'stripe', kind: 'external', calls: 1, errors: 0, p50Ms: 80, p99Ms: 80 },
      { name: 'user', kind: 'user', calls: 3, errors: 0, p50Ms: 250, p99Ms: 348 },
    ]);
  });

  it('counts a pair in the window its caller started in', async () => {
    const { body } = await apiGet<ServiceGraph>(
      cairn,
      `/api/v1/service-graph?${rangeQuery(at(base, 20), at(base, 60))}`,
    );
    expect(body.edges.map((e) => `${e.source}->${e.target}:${e.calls}`)).toEqual([
      'checkout->geo.example.com:1',
      'checkout->redis:1',
      'checkout->shipping:1',
      'checkout->stripe:1',
    ]);
  });

  it('is empty for a window without spans', async () => {
    const { body } = await apiGet<ServiceGraph>(
      cairn,
      `/api/v1/service-graph?${rangeQuery(at(base, 61), at(base, 70))}`,
    );
    expect(body).toEqual({ nodes: [], edges: [] });
  });

  it('rejects a bad time with a 400 naming the field', async () => {
    const { status, body } = await apiGet(cairn, '/api/v1/service-graph?from=yesterday');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'invalid_input',
        message: 'query.from: must be RFC 3339 (2026-01-01T00:00:00Z) or epoch ms, got "yesterday"',
      },
    });
    const inverted = await apiGet<{ error: { message: string } }>(
      cairn,
      `/api/v1/service-graph?${rangeQuery(at(base, 10), at(base, 5))}`,
    );
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.message).toMatch(/^query\.to: must be after query\.from/);
  });

  it('gives the catalog observed services and edges, without the user node', async () => {
    const observed = createObservedTelemetry({ telemetry: cairn.runtime.telemetry });
    const range = { from: base, to: at(base, 60) };
    expect(await observed.listObservedServices(range)).toEqual([
      'checkout',
      'frontend',
      'payment',
      'shipping',
    ]);
    expect(await observed.listObservedEdges(range)).toEqual([
      { source: 'checkout', target: 'geo.example.com' },
      { source: 'checkout', target: 'payment' },
      { source: 'checkout', target: 'redis' },
      { source: 'checkout', target: 'shipping' },
      { source: 'checkout', target: 'stripe' },
      { source: 'frontend', target: 'checkout' },
      { source: 'payment', target: 'postgresql' },
    ]);
  });
});
