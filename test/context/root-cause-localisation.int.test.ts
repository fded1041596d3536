import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. A callee throws an exception that it never logs nor flags (its only trace is that its
// second log line stops following the first); its caller turns that into loud errors. Judged on all
// of its traces the caller is by far the more anomalous; judged on its traces that never reach the
// callee it shows nothing — unless it is broken there too.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCMilliseconds(0);
const at = new Date(onset.getTime() + 5 * 60_000);

/**
 * Every 10 s, from 20 min before onset to 5 min after, two requests: frontend → travel → route
 * (`GET /trip`) and frontend → travel alone (`GET /list`, never reaching route). After onset route
 * stops writing its second line, and travel errs (status and error log) on every `/trip` request —
 * and on `/list` too when `travelBrokenToo`.
 */
async function writeTraffic(store: TelemetryStore, travelBrokenToo: boolean): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    for (const path of ['trip', 'list'] as const) {
      const start = new Date(onset.getTime() + t + (path === 'list' ? 5_000 : 0));
      const id = `${path === 'trip' ? 'a' : 'b'}${n.toString(16).padStart(31, '0')}`;
      const spanId = (suffix: string) => `${id.slice(-12)}${suffix}`;
      const failing = t >= 0 && (path === 'trip' || travelBrokenToo);
      const span = (suffix: string, parent: string, service: string, offsetMs: number, error = false) => ({
        Timestamp: new Date(start.getTime() + offsetMs),
        TraceId: id,
        SpanId: spanId(suffix),
        ParentSpanId: parent === '' ? '' : spanId(parent),
        SpanName: `GET /${path}`,
        SpanKind: 'Server',
        ServiceName: service,
        ResourceAttributes: { 'service.name': service },
        Duration: 5_000_000,
        StatusCode: error ? 'Error' : 'Unset',
      });
      const log = (service: string, suffix: string, ms: number, body: string, error = false) => ({
        Timestamp: new Date(start.getTime() + ms),
        TraceId: id,
        SpanId: spanId(suffix),
        SeverityText: error ? 'ERROR' : 'INFO',
        SeverityNumber: error ? 17 : 9,
        ServiceName: service,
        Body: body,
      });
      spans.push(span('0001', '', 'frontend', 0), span('0002', '0001', 'travel', 1, failing));
      if (path === 'trip') {
        spans.push(span('0003', '0002', 'route', 2));
        logs.push(log('route', '0003', 3, `reserving seat for order ${n}`));
        if (t < 0) logs.push(log('route', '0003', 4, `seat reserved for order ${n}`));
      }
      if (failing) logs.push(log('travel', '0002', 6, `request ${n} failed: upstream returned 500`, true));
    }
  }
  await store.insert('otel_traces', spans);
  await store.insert('otel_logs', logs);
}

describe('localisation along the call graph on real chDB', () => {
  it('puts the quiet callee above the loud caller whose anomaly shows only in traces through it', async () => {
    const store = await freshStore('localise_callee');
    await writeTraffic(store, false);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['route', 'travel']);
    const [route, travel] = result.rootCauseServices;
    expect(route?.reasons[0]).toMatch(
      /^route: in its 'GET \/trip' requests, after 'log reserving seat for order <num>', the next event was/,
    );
    expect(travel?.reasons[0]).toBe(
      'travel calls route, which is anomalous too; in the traces that never reach an anomalous callee travel ' +
        'shows no change of its own, so its anomaly is taken as inherited from route',
    );
    // The errors are still reported, as inherited evidence.
    expect(travel?.reasons).toContain(
      'travel: errors originate in its own spans — 30 erroring spans after onset with no erroring callee ' +
        'inside them; own-span error rate 0.0% → 50%',
    );
    // Explained: at most half the callee's strength, so its score stays below the callee's.
    expect((travel?.score ?? 1) < (route?.score ?? 0)).toBe(true);
  });

  it('keeps a caller first when it is anomalous in the traces that never reach the anomalous callee', async () => {
    const store = await freshStore('localise_caller');
    await writeTraffic(store, true);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['travel', 'route']);
    const travel = result.rootCauseServices[0];
    // Read on the 30 `/list` traces alone: all of them erred.
    expect(travel?.reasons[0]).toBe(
      'travel: errors originate in its own spans — 30 erroring spans after onset with no erroring callee ' +
        'inside them; own-span error rate 0.0% → 100%',
    );
    expect(travel?.reasons).toContain(
      'travel calls route, which is anomalous too; in the traces that never reach an anomalous callee travel ' +
        'still shows the changes above, so they are its own',
    );
  });
});
