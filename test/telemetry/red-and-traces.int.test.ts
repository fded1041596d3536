import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedSeries, Trace, TraceSummary } from '../../src/modules/telemetry/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { apiGet, rangeQuery } from './query-api.ts';
import { at, baseHour, hexId, insertLogs, insertSpans, type SpanInput } from './telemetry-fixtures.ts';

describe('RED and trace queries', () => {
  let cairn: InProcessCairn;
  const base = baseHour();
  const traceId = hexId(16);
  const rootId = hexId(8);
  const callId = hexId(8);

  beforeAll(async () => {
    cairn = await startInProcess();
    const spans: SpanInput[] = [];
    // Minute 0: 4 requests to GET /a (1 failed), 2 to POST /b; minute 2: 3 to GET /a, all fine.
    [10, 20, 30, 40].forEach((ms, i) => {
      spans.push({
        traceId: hexId(16),
        service: 'api',
        name: 'GET /a',
        kind: 'Server',
        start: at(base, 0, i),
        durationMs: ms,
        status: i === 3 ? 'Error' : 'Ok',
      });
    });
    [100, 300].forEach((ms, i) => {
      spans.push({
        traceId: hexId(16),
        service: 'api',
        name: 'POST /b',
        kind: 'Server',
        start: at(base, 0, 10 + i),
        durationMs: ms,
      });
    });
    [5, 5, 5].forEach((ms, i) => {
      spans.push({
        traceId: hexId(16),
        service: 'api',
        name: 'GET /a',
        kind: 'Server',
        start: at(base, 2, i),
        durationMs: ms,
      });
    });
    // Client spans are the callees' requests, not api's: RED must ignore them.
    spans.push({
      traceId: hexId(16),
      service: 'api',
      name: 'GET /dep',
      kind: 'Client',
      start: at(base, 0, 5),
      durationMs: 1,
    });
    // The trace looked up by id: a root in web, a call into api that fails with an event.
    spans.push(
      {
        traceId,
        spanId: rootId,
        service: 'web',
        name: 'GET /',
        kind: 'Server',
        start: at(base, 30, 0, 0),
        durationMs: 120,
        status: 'Error',
        statusMessage: 'upstream failed',
        attributes: { 'http.route': '/' },
        resource: { 'deployment.environment': 'prod' },
      },
      {
        traceId,
        spanId: callId,
        parentSpanId: rootId,
        service: 'api',
        name: 'GET /slow',
        kind: 'Server',
        start: at(base, 30, 0, 10),
        durationMs: 100.5,
        status: 'Error',
        events: [
          { time: at(base, 30, 0, 50), name: 'exception', attributes: { 'exception.type': 'Timeout' } },
        ],
      },
    );
    await insertSpans(cairn.runtime.telemetry, spans);
    await insertLogs(cairn.runtime.telemetry, [
      {
        time: at(base, 30, 0, 60),
        service: 'api',
        body: 'timeout calling db',
        severityText: 'ERROR',
        severityNumber: 17,
        traceId,
        spanId: callId,
      },
      { time: at(base, 30, 0, 5), service: 'web', body: 'request received', traceId, spanId: rootId },
      { time: at(base, 30, 0, 5), service: 'web', body: 'another trace', traceId: hexId(16) },
    ]);
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('answers RED per minute: rate per second, error share and duration quantiles', async () => {
    const { status, body } = await apiGet<RedSeries>(
      cairn,
      `/api/v1/services/api/red?${rangeQuery(base, at(base, 3))}&step=60s`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      service: 'api',
      operation: null,
      step: '60s',
      points: [
        { t: at(base, 0).toISOString(), rate: 6 / 60, errorRate: 1 / 6, p50Ms: 35, p95Ms: 250, p99Ms: 290 },
        { t: at(base, 1).toISOString(), rate: 0, errorRate: 0, p50Ms: null, p95Ms: null, p99Ms: null },
        { t: at(base, 2).toISOString(), rate: 3 / 60, errorRate: 0, p50Ms: 5, p95Ms: 5, p99Ms: 5 },
      ],
    });
  });

  it('narrows RED to one operation and merges minutes into a wider step', async () => {
    const { body } = await apiGet<RedSeries>(
      cairn,
      `/api/v1/services/api/red?${rangeQuery(base, at(base, 5))}&step=5m&operation=${encodeURIComponent('GET /a')}`,
    );
    expect(body.points).toEqual([
      { t: base.toISOString(), rate: 7 / 300, errorRate: 1 / 7, p50Ms: 10, p95Ms: 37, p99Ms: 39.4 },
    ]);
  });

  it('rejects a step below a minute or malformed, naming query.step', async () => {
    const small = await apiGet<{ error: { message: string } }>(cairn, '/api/v1/services/api/red?step=30s');
    expect(small.status).toBe(400);
    expect(small.body.error.message).toBe(
      'query.step: must be a whole number of minutes, at least 60s (got 30s)',
    );
    const bad = await apiGet<{ error: { message: string } }>(cairn, '/api/v1/services/api/red?step=fast');
    expect(bad.body.error.message).toBe('query.step: must look like 60s, 5m or 1h, got "fast"');
  });

  it('returns a trace by id with every span, its events and its logs', async () => {
    const { status, body } = await apiGet<Trace>(cairn, `/api/v1/traces/${traceId.toUpperCase()}`);
    expect(status).toBe(200);
    const startIso = (d: Date) => d.toISOString().replace('Z', '000000Z');
    expect(body).toEqual({
      traceId,
      spans: [
        {
          spanId: rootId,
          parentSpanId: '',
          service: 'web',
          name: 'GET /',
          kind: 'Server',
          startTime: startIso(at(base, 30)),
          durationMs: 120,
          status: 'Error',
          statusMessage: 'upstream failed',
          attributes: { 'http.route': '/' },
          resourceAttributes: { 'service.name': 'web', 'deployment.environment': 'prod' },
          events: [],
        },
        {
          spanId: callId,
          parentSpanId: rootId,
          service: 'api',
          name: 'GET /slow',
          kind: 'Server',
          startTime: startIso(at(base, 30, 0, 10)),
          durationMs: 100.5,
          status: 'Error',
          statusMessage: '',
          attributes: {},
          resourceAttributes: { 'service.name': 'api' },
          events: [
            {
              time: startIso(at(base, 30, 0, 50)),
              name: 'exception',
              attributes: { 'exception.type': 'Timeout' },
            },
          ],
        },
      ],
      logs: [
        expect.objectContaining({ body: 'request received', service: 'web', spanId: rootId, traceId }),
        expect.objectContaining({
          body: 'timeout calling db',
          severityText: 'ERROR',
          severityNumber: 17,
          spanId: callId,
        }),
      ],
    });
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    const missing = await apiGet(cairn, `/api/v1/traces/${hexId(16)}`);
    expect(missing.status).toBe(404);
    const bad = await apiGet<{ error: { message: string } }>(cairn, '/api/v1/traces/xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('path.traceId: must be 32 hex characters');
  });

  it('finds traces by service, status and minimum duration, summarised from their root', async () => {
    const { status, body } = await apiGet<{ items: TraceSummary[] }>(
      cairn,
      `/api/v1/traces?${rangeQuery(base, at(base, 60))}&service=api&status=error&minDurationMs=100`,
    );
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        traceId,
        rootService: 'web',
        rootOperation: 'GET /',
        start: at(base, 30).toISOString().replace('Z', '000000Z'),
        durationMs: 120,
        spanCount: 2,
        errorCount: 2,
      },
    ]);
    const fast = await apiGet<{ items: TraceSummary[] }>(
      cairn,
      `/api/v1/traces?${rangeQuery(base, at(base, 60))}&service=api&operation=${encodeURIComponent('GET /a')}&limit=2`,
    );
    expect(fast.body.items.map((t) => t.start)).toEqual([
      at(base, 2, 2).toISOString().replace('Z', '000000Z'),
      at(base, 2, 1).toISOString().replace('Z', '000000Z'),
    ]);
  });

  it('rejects bad search parameters naming the field', async () => {
    const res = await apiGet<{ error: { message: string } }>(cairn, '/api/v1/traces?status=broken');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^query\.status: /);
    const limit = await apiGet<{ error: { message: string } }>(cairn, '/api/v1/traces?limit=0');
    expect(limit.body.error.message).toMatch(/^query\.limit: /);
  });
});
