import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryTransitions } from '../../src/modules/context/root-cause/transition-signals.store.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. An exception thrown between two log statements writes no error and sets no status:
// the only trace of it is that the second statement stops following the first.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCMilliseconds(0);
const at = new Date(onset.getTime() + 5 * 60_000);

/** frontend → route, one request every 10 s from 20 min before onset to 5 min after; route logs two steps, the second only before onset. */
async function writeSilentException(store: TelemetryStore): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    const start = new Date(onset.getTime() + t);
    const traceId = n.toString(16).padStart(32, '0');
    const span = (id: string, parent: string, service: string) => ({
      Timestamp: start,
      TraceId: traceId,
      SpanId: `${n.toString(16).padStart(12, '0')}${id}`,
      ParentSpanId: parent === '' ? '' : `${n.toString(16).padStart(12, '0')}${parent}`,
      SpanName: `GET /${service}`,
      SpanKind: 'Server',
      ServiceName: service,
      ResourceAttributes: { 'service.name': service },
      Duration: 5_000_000,
      StatusCode: 'Unset',
    });
    spans.push(span('0001', '', 'frontend'), span('0002', '0001', 'route'));
    const log = (ms: number, body: string) => ({
      Timestamp: new Date(start.getTime() + ms),
      TraceId: traceId,
      SpanId: `${n.toString(16).padStart(12, '0')}0002`,
      SeverityText: 'INFO',
      SeverityNumber: 9,
      ServiceName: 'route',
      Body: body,
    });
    logs.push(log(1, `reserving seat for order ${n}`));
    if (t < 0) logs.push(log(2, `seat reserved for order ${n}`));
  }
  await store.insert('otel_traces', spans);
  await store.insert('otel_logs', logs);
}

/**
 * A load shift, no fault: a cart page calls shipping once (GetQuote), a checkout calls it twice
 * (GetQuote, then ShipOrder). Before onset 1 cart page per checkout; after it, the cart page's
 * traffic is ×5 (a crawler). Each request shipping serves does exactly what it did before.
 */
async function writeLoadShift(store: TelemetryStore): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  let n = 0;
  for (let t = -20 * 60_000; t < 5 * 60_000; t += 10_000) {
    const pages = t < 0 ? ['cart', 'checkout'] : ['cart', 'cart', 'cart', 'cart', 'cart', 'checkout'];
    for (const [i, page] of pages.entries()) {
      n++;
      const start = new Date(onset.getTime() + t + i * 100);
      const traceId = n.toString(16).padStart(32, '0');
      const id = (k: string) => `${n.toString(16).padStart(12, '0')}${k}`;
      const span = (
        k: string,
        parent: string,
        service: string,
        name: string,
        kind: string,
        offsetMs: number,
      ) => ({
        Timestamp: new Date(start.getTime() + offsetMs),
        TraceId: traceId,
        SpanId: id(k),
        ParentSpanId: parent === '' ? '' : id(parent),
        SpanName: name,
        SpanKind: kind,
        ServiceName: service,
        ResourceAttributes: { 'service.name': service },
        Duration: 5_000_000,
        StatusCode: 'Unset',
      });
      spans.push(span('0001', '', 'frontend', `GET /${page}`, 'Server', 0));
      spans.push(span('0002', '0001', 'frontend', 'GetQuote', 'Client', 1));
      spans.push(span('0003', '0002', 'shipping', 'GetQuote', 'Server', 2));
      if (page === 'checkout') {
        spans.push(span('0004', '0001', 'frontend', 'ShipOrder', 'Client', 10));
        spans.push(span('0005', '0004', 'shipping', 'ShipOrder', 'Server', 11));
      }
    }
  }
  await store.insert('otel_traces', spans);
}

describe('event-flow signal on real chDB', () => {
  it('judges the flow per request a service serves: a load shift that changes the mix of traces changes nothing', async () => {
    const store = await freshStore('flow_load_shift');
    await writeLoadShift(store);

    const rows = await queryTransitions(store, toAnalysisWindow({ onset, at }, at));
    const shipping = rows
      .filter((r) => r.service === 'shipping')
      .map((r) => [r.source, r.target, r.before, r.after])
      .sort();
    // Per trace, 'GetQuote' used to be followed by 'ShipOrder' half the time and now a sixth of it;
    // per request, each of shipping's requests ends after its one span, before and after onset.
    expect(shipping).toEqual([
      ['span GetQuote', '(end)', 240, 174],
      ['span ShipOrder', '(end)', 120, 29],
    ]);
    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });
    expect(result.rootCauseServices).toEqual([]);
  });

  it('counts what follows each span start and log line, per service, in each window', async () => {
    const store = await freshStore('flow_counts');
    await writeSilentException(store);

    const rows = await queryTransitions(store, toAnalysisWindow({ onset, at }, at));

    const sorted = rows.map((r) => [r.service, r.source, r.target, r.before, r.after]).sort();
    // 120 requests before onset; after it 30, less the one starting in the last 10 s (still settling).
    expect(sorted).toEqual([
      ['frontend', 'span GET /frontend', '(end)', 120, 29],
      ['route', 'log reserving seat for order <num>', '(end)', 0, 29],
      ['route', 'log reserving seat for order <num>', 'log seat reserved for order <num>', 120, 0],
      ['route', 'log seat reserved for order <num>', '(end)', 120, 0],
      ['route', 'span GET /route', 'log reserving seat for order <num>', 120, 29],
    ]);
  });

  it('names the service whose expected step vanished, with no error anywhere', async () => {
    const store = await freshStore('flow_rank');
    await writeSilentException(store);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['route']);
    expect(result.rootCauseServices[0]?.reasons).toEqual([
      "route: in its 'GET /route' requests, after 'log reserving seat for order <num>', the next event was 'log seat reserved for order <num>' " +
        'in 0 of 29 (0%) of cases after onset against 100% in a typical baseline minute (120 of 120 over the whole ' +
        "baseline) — the service's flow changed (exact test over 2 transitions)",
    ]);
  });
});
