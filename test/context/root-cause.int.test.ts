import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import { templateSql, toLogTemplate } from '../../src/modules/context/root-cause/log-template.ts';
import { sql, type TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB, one database per scenario. Rows are what Cairn's OTLP ingest writes into otel_*.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCMilliseconds(0);
const at = new Date(onset.getTime() + 5 * 60_000);

interface Hop {
  service: string;
  selfMs: number;
  error?: boolean;
  errorLog?: string;
}

/**
 * One request down a chain of services (frontend → … → leaf), each hop a server span whose duration
 * is its own time plus its callee's; error hops get error status and, when given, an error log.
 */
function request(traceNo: number, start: Date, hops: readonly Hop[]) {
  const traceId = traceNo.toString(16).padStart(32, '0');
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  let remaining = hops.reduce((sum, hop) => sum + hop.selfMs, 0);
  let parent = '';
  let offsetMs = 0;
  hops.forEach((hop, i) => {
    const spanId = `${traceNo.toString(16).padStart(12, '0')}${i.toString(16).padStart(4, '0')}`;
    const ts = new Date(start.getTime() + offsetMs);
    spans.push({
      Timestamp: ts,
      TraceId: traceId,
      SpanId: spanId,
      ParentSpanId: parent,
      SpanName: `GET /${hop.service}`,
      SpanKind: 'Server',
      ServiceName: hop.service,
      ResourceAttributes: { 'service.name': hop.service },
      Duration: Math.round(remaining * 1e6),
      StatusCode: hop.error ? 'Error' : 'Unset',
    });
    if (hop.errorLog) {
      logs.push({
        Timestamp: new Date(ts.getTime() + 1),
        TraceId: traceId,
        SpanId: spanId,
        SeverityText: 'ERROR',
        SeverityNumber: 17,
        ServiceName: hop.service,
        Body: hop.errorLog.replace('#', String(traceNo)),
      });
    }
    remaining -= hop.selfMs;
    offsetMs += hop.selfMs / 2;
    parent = spanId;
  });
  return { spans, logs };
}

/** A request every 10 s for 20 minutes before onset and 5 minutes after, built by `shape`. */
async function writeTraffic(store: TelemetryStore, shape: (afterOnset: boolean) => Hop[]): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    const r = request(n, new Date(onset.getTime() + t), shape(t >= 0));
    spans.push(...r.spans);
    logs.push(...r.logs);
  }
  await store.insert('otel_traces', spans);
  if (logs.length > 0) await store.insert('otel_logs', logs);
}

describe('rankRootCauses on real chDB', () => {
  it('puts a failing leaf first when its errors propagate to the entry point', async () => {
    const store = await freshStore('bad_deploy');
    await writeTraffic(store, (after) => [
      {
        service: 'frontend',
        selfMs: 5,
        error: after,
        errorLog: after ? 'checkout request # failed: 502' : undefined,
      },
      {
        service: 'checkout',
        selfMs: 8,
        error: after,
        errorLog: after ? 'payment call for order # failed' : undefined,
      },
      {
        service: 'payment',
        selfMs: 4,
        error: after,
        errorLog: after ? 'NullPointerException at PaymentService.charge(PaymentService.java:88)' : undefined,
      },
    ]);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    const ranking = result.rootCauseServices.map((r) => r.service);
    // The two callers' anomalies are explained by payment (they show nothing in traces that avoid it),
    // so both rank below it; their order between them is not the point here.
    expect(ranking[0]).toBe('payment');
    expect(ranking.slice(1).sort()).toEqual(['checkout', 'frontend']);
    const payment = result.rootCauseServices[0];
    const checkout = result.rootCauseServices.find((r) => r.service === 'checkout');
    expect(payment?.reasons[0]).toBe(
      'payment: errors originate in its own spans — 30 erroring spans after onset with no erroring callee ' +
        'inside them; own-span error rate 0.0% → 100%',
    );
    expect(payment?.reasons).toContain(
      "payment: new error log template 'NullPointerException at PaymentService.charge(PaymentService.java:L88)' " +
        'appeared 30× after onset (0 in baseline)',
    );
    expect(checkout?.reasons).toContain(
      'checkout: 30 erroring spans after onset contain an erroring callee (propagated)',
    );
    expect(checkout?.reasons.some((r) => r.startsWith('checkout: errors originate'))).toBe(false);
    expect((payment?.score ?? 0) > (checkout?.score ?? 1)).toBe(true);
    expect(result.evidence.summary).toMatch(
      /^payment is the most likely root cause\. payment: errors originate/,
    );
    expect(result.evidence.exemplarTraceIds).toHaveLength(3);
    expect(result.evidence.topErrorTemplates.map((t) => [t.service, t.before, t.after])).toContainEqual([
      'payment',
      0,
      30,
    ]);
    expect(result.evidence.windows.after).toEqual({ from: onset.toISOString(), to: at.toISOString() });
  });

  it('names a slow dependency with no errors, and only it', async () => {
    const store = await freshStore('slow_dependency');
    await writeTraffic(store, (after) => [
      { service: 'frontend', selfMs: 5 },
      { service: 'checkout', selfMs: 8 },
      { service: 'inventory', selfMs: after ? 300 : 10 },
    ]);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['inventory']);
    expect(result.rootCauseServices[0]?.reasons).toEqual([
      "inventory: own-span p95 latency 10.0 ms → 300 ms after onset (100% of 30 spans slower than their operation's baseline p95, 5% expected)",
    ]);
  });

  it('says plainly that there is no telemetry, and ranks nothing', async () => {
    const store = await freshStore('no_telemetry');

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['checkout'], at });

    expect(result.rootCauseServices).toEqual([]);
    expect(result.evidence.summary).toBe(
      `No traces, logs or metrics are stored for checkout or any other service between ` +
        `${new Date(onset.getTime() - 30 * 60_000).toISOString()} and ${at.toISOString()}, so no root cause can be ranked.`,
    );
    expect(result.evidence.exemplarTraceIds).toEqual([]);
  });

  it('computes the same templates in ClickHouse as in JavaScript', async () => {
    const store = await freshStore('templates');
    const messages = [
      '16:43:17.120 ERROR c.s.ContactsServiceImpl#37 TraceID: dc7db5cbec8d511cb7e08fd7c7b47c00 [id: 415d1665-fbb2-4ec9-83f5-5ebe51dc1825]',
      `user "alice" GET https://x.example/a/b?c=1 from 10.0.0.1:80 read /var/lib/x.db at 0xdeadbeef in 12.5 ms`,
      "O'Brien said 'hi'  twice\tand\nleft",
      'GET /cart 200 22ms 1.5s 512KiB over http2, 5xx',
    ];
    const rows = await store.query<{ t: string }>(
      sql`SELECT ${templateSql('m')} AS t FROM (SELECT arrayJoin(${messages}) AS m)`,
    );
    expect(rows.map((r) => r.t)).toEqual(messages.map(toLogTemplate));
  });
});
