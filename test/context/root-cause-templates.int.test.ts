import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryLogTotals, queryTemplates } from '../../src/modules/context/root-cause/log-signals.store.ts';
import { templateExpectations } from '../../src/modules/context/root-cause/service-anomaly.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. A log statement runs a fixed number of times per request handled the same way, so a
// template is judged per request of the operation that wrote it: a surge of one page moves that
// page's lines exactly as much as its requests, while a request that now logs more stands out.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCMilliseconds(0);
const at = new Date(onset.getTime() + 5 * 60_000);

interface Traffic {
  /** Pages requested every 10 s before and after onset. */
  pagesBefore: string[];
  pagesAfter: string[];
  /** Times each cart request writes 'cart read retried' before and after onset. */
  retriesBefore: number;
  retriesAfter: number;
}

/**
 * The frontend serves `GET /cart` and `GET /checkout`; each request writes its access-log line
 * (`GET /cart 200 22ms`, the latency varying), a checkout also 'order placed', a cart request
 * 'cart read retried' as many times as the traffic says. Every line carries its server span's id.
 */
async function writeFrontend(store: TelemetryStore, traffic: Traffic): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  let n = 0;
  for (let t = -20 * 60_000; t < 5 * 60_000; t += 10_000) {
    const after = t >= 0;
    for (const [i, page] of (after ? traffic.pagesAfter : traffic.pagesBefore).entries()) {
      n++;
      const start = new Date(onset.getTime() + t + i * 100);
      const traceId = n.toString(16).padStart(32, '0');
      const spanId = `${n.toString(16).padStart(12, '0')}0001`;
      spans.push({
        Timestamp: start,
        TraceId: traceId,
        SpanId: spanId,
        ParentSpanId: '',
        SpanName: `GET /${page}`,
        SpanKind: 'Server',
        ServiceName: 'frontend',
        ResourceAttributes: { 'service.name': 'frontend' },
        Duration: 5_000_000,
        StatusCode: 'Unset',
      });
      const log = (ms: number, body: string) =>
        logs.push({
          Timestamp: new Date(start.getTime() + ms),
          TraceId: traceId,
          SpanId: spanId,
          SeverityText: 'INFO',
          SeverityNumber: 9,
          ServiceName: 'frontend',
          Body: body,
        });
      if (page === 'checkout') log(2, `order placed for ${n}`);
      const retries = page === 'cart' ? (after ? traffic.retriesAfter : traffic.retriesBefore) : 0;
      for (let r = 0; r < retries; r++) log(2 + r, `cart read retried after ${10 + r}ms`);
      log(4, `GET /${page} 200 ${20 + (n % 7)}ms`);
    }
  }
  await store.insert('otel_traces', spans);
  await store.insert('otel_logs', logs);
}

async function expectationsFor(store: TelemetryStore): Promise<Map<string, [number, number]>> {
  const window = toAnalysisWindow({ onset, at }, at);
  const [templates, totals] = await Promise.all([
    queryTemplates(store, window),
    queryLogTotals(store, window),
  ]);
  const expected = templateExpectations(totals);
  return new Map(templates.map((row) => [row.template, [row.after, Number(expected(row).toFixed(2))]]));
}

describe('log templates judged per request on real chDB', () => {
  it('a surge of one page is no anomaly of the service that serves it', async () => {
    const store = await freshStore('templates_load_shift');
    // One cart page per checkout before onset; the cart page ×5 after it (a crawler).
    await writeFrontend(store, {
      pagesBefore: ['cart', 'checkout'],
      pagesAfter: ['cart', 'cart', 'cart', 'cart', 'cart', 'checkout'],
      retriesBefore: 1,
      retriesAfter: 1,
    });

    // 30 ticks after onset: 150 cart requests (one access line and one retry each), 30 checkouts.
    // Judged by its share of the frontend's lines, the cart's access line would expect 2/5 of 360.
    expect(Object.fromEntries(await expectationsFor(store))).toEqual({
      'GET /cart <num> <num>ms': [150, 150],
      'GET /checkout <num> <num>ms': [30, 30],
      'cart read retried after <num>ms': [150, 150],
      'order placed for <num>': [30, 30],
    });
    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });
    expect(result.rootCauseServices).toEqual([]);
  });

  it('a request that now writes a line three times as often stands out', async () => {
    const store = await freshStore('templates_retries');
    await writeFrontend(store, {
      pagesBefore: ['cart', 'checkout'],
      pagesAfter: ['cart', 'checkout'],
      retriesBefore: 1,
      retriesAfter: 3,
    });

    const expectations = await expectationsFor(store);
    expect(expectations.get('cart read retried after <num>ms')).toEqual([90, 30]);
    expect(expectations.get('GET /cart <num> <num>ms')).toEqual([30, 30]);
    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });
    expect(result.rootCauseServices.map((suspect) => suspect.service)).toEqual(['frontend']);
    expect(result.rootCauseServices[0]?.reasons).toContain(
      "frontend: log template 'cart read retried after <num>ms' rose to 90× after onset from 120× in baseline " +
        '(30.0 expected from its lines per request of the operation writing it in a typical baseline minute)',
    );
  });
});
