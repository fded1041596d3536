import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryEdges, rpcOperationsOf } from '../../src/modules/context/root-cause/edge-signals.store.ts';
import {
  queryErrorSpans,
  querySelfTime,
  spanMinutesOf,
} from '../../src/modules/context/root-cause/span-signals.store.ts';
import { querySymptomMinutes } from '../../src/modules/context/root-cause/symptom-minutes.store.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';
import { traceRows } from './trace-rows.ts';

// Real chDB, one database per scenario: the edge cases the incident context met.
const freshStore = scenarioStoresForThisFile();

// On a whole minute, so per-minute sub-windows line up with the scenario's minutes.
const onset = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
const at = new Date(onset.getTime() + 5 * 60_000);

/**
 * frontend server span → frontend client span → payment server span, one request every 10 s from
 * 20 min before onset to 5 min after. The client span covers exactly the payment span (millisecond
 * timestamps), and all three err when `failing(t)` says payment fails.
 */
async function writeClientServer(
  store: TelemetryStore,
  failing: (offsetMs: number) => boolean,
  service = (name: string) => name,
): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    const start = onset.getTime() + t;
    const traceId = n.toString(16).padStart(32, '0');
    const id = (k: number) => `${n.toString(16).padStart(12, '0')}${k.toString(16).padStart(4, '0')}`;
    const fail = failing(t);
    const span = (k: number, parent: number, owner: string, kind: string, from: number, ms: number) => ({
      Timestamp: new Date(start + from),
      TraceId: traceId,
      SpanId: id(k),
      ParentSpanId: parent === 0 ? '' : id(parent),
      SpanName: kind === 'Server' ? `GET /${owner}` : 'POST /charge',
      SpanKind: kind,
      ServiceName: service(owner),
      ResourceAttributes: { 'service.name': service(owner) },
      Duration: ms * 1_000_000,
      StatusCode: fail ? 'Error' : 'Unset',
    });
    spans.push(span(1, 0, 'frontend', 'Server', 0, 100), span(2, 1, 'frontend', 'Client', 10, 50));
    spans.push(span(3, 2, 'payment', 'Server', 10, 50));
    if (fail) {
      logs.push({
        Timestamp: new Date(start + 20),
        TraceId: traceId,
        SpanId: id(3),
        SeverityText: 'ERROR',
        SeverityNumber: 17,
        ServiceName: service('payment'),
        Body: `card declined for order ${n}`,
      });
    }
  }
  await store.insert('otel_traces', spans);
  if (logs.length > 0) await store.insert('otel_logs', logs);
}

describe('rankRootCauses edge cases on real chDB', () => {
  it('keeps a callee’s own errors its own when the caller’s client span covers exactly the same time', async () => {
    const store = await freshStore('same_time_client');
    await writeClientServer(store, (t) => t >= 0);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices[0]?.service).toBe('payment');
    expect(result.rootCauseServices[0]?.reasons[0]).toBe(
      'payment: errors originate in its own spans — 30 erroring spans after onset with no erroring callee ' +
        'inside them; own-span error rate 0.0% → 100%',
    );
    // Frontend only passes payment's errors on: it is not ranked at all.
    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['payment']);
    const rows = await queryErrorSpans(store, toAnalysisWindow({ onset, at }, at));
    const counts = rows.map((r) => [r.service, r.afterOwn, r.afterPropagated, r.exemplars.length]).sort();
    // Both frontend spans (server and client) contain payment's erroring span.
    expect(counts).toEqual([
      ['frontend', 0, 60, 0],
      ['payment', 30, 0, 3],
    ]);
    expect(result.evidence.exemplarTraceIds).toHaveLength(3);
  });

  it('moves the windows back when the alert fired two minutes after the errors began', async () => {
    const store = await freshStore('late_alert');
    await writeClientServer(store, (t) => t >= -2 * 60_000);

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });

    const began = new Date(onset.getTime() - 2 * 60_000);
    expect(result.rootCauseServices[0]?.service).toBe('payment');
    expect(result.rootCauseServices[0]?.reasons[0]).toBe(
      'payment: errors originate in its own spans — 42 erroring spans after onset with no erroring callee ' +
        'inside them; own-span error rate 0.0% → 100%',
    );
    expect(result.evidence.windows.after).toEqual({ from: began.toISOString(), to: at.toISOString() });
    expect(result.evidence.windows.baseline.from).toBe(new Date(began.getTime() - 30 * 60_000).toISOString());
    expect(result.evidence.summary).toContain(
      `The errors of frontend began 2 min before the given onset, so the windows start at ${began.toISOString()}.`,
    );
  });

  it('makes a generic operation name that calls two services two edges, and leaves refused calls of it to neither', async () => {
    // checkout's client spans are all named `HTTP POST`; every 10 s one goes to payment and one to
    // shipping, and from onset on a third gets no answer at all (no child span, failed).
    const store = await freshStore('generic_operation');
    const spans: Record<string, unknown>[] = [];
    for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
      const start = onset.getTime() + t;
      const span = traceRows(spans, n, start);
      span(1, 0, 'checkout', 'POST /checkout', 'Server', 1, 100);
      span(2, 1, 'checkout', 'HTTP POST', 'Client', 2, 30);
      span(3, 2, 'payment', 'POST /charge', 'Server', 3, 20);
      span(4, 1, 'checkout', 'HTTP POST', 'Client', 4, 40);
      span(5, 4, 'shipping', 'POST /quote', 'Server', 5, 10);
      if (t >= 0) span(6, 1, 'checkout', 'HTTP POST', 'Client', 6, 5, true);
    }
    await store.insert('otel_traces', spans);
    const w = toAnalysisWindow({ onset, at }, at);

    const edges = await queryEdges(store, w);

    expect(
      edges.map((e) => [e.caller, e.callee, e.operation, e.baselineCalls, e.afterCalls, e.afterMedianWireMs]),
    ).toEqual([
      ['checkout', 'payment', 'HTTP POST', 120, 30, 10],
      ['checkout', 'shipping', 'HTTP POST', 120, 30, 30],
    ]);
    expect(edges.map((e) => e.afterTransportErrors)).toEqual([0, 0]);
    // Either callee could have refused; a call of the operation names neither.
    expect(rpcOperationsOf(edges)).toEqual({ keys: ['checkout\tHTTP POST'], callees: [''] });
  });

  it('reads the symptom services’ minutes for the onset estimate exactly as the whole reading counts them', async () => {
    const store = await freshStore('symptom_minutes');
    await writeClientServer(store, (t) => t >= -2 * 60_000);
    const w = toAnalysisWindow({ onset, at }, at);
    const rpc = rpcOperationsOf(await queryEdges(store, w));
    const symptoms = ['frontend', 'payment'];

    const read = await querySymptomMinutes(store, w, symptoms, rpc);

    const total = (rows: { service: string; minute: number; n: number }[]) => {
      const sums = new Map<string, number>();
      for (const r of rows)
        sums.set(`${r.service} ${r.minute}`, (sums.get(`${r.service} ${r.minute}`) ?? 0) + r.n);
      return [...sums].sort();
    };
    const spans = total(read.spanMinutes.map((r) => ({ ...r, n: r.spans })));
    const errors = total(
      read.errorMinutes.flatMap((r) =>
        r.errorMinutes.map((minute, i) => ({ ...r, minute, n: r.errorCounts[i] ?? 0 })),
      ),
    );
    const wholeSpans = spanMinutesOf(await querySelfTime(store, w, undefined, rpc)).filter((r) =>
      symptoms.includes(r.service),
    );
    const wholeErrors = (await queryErrorSpans(store, w, undefined, undefined, rpc)).filter((r) =>
      symptoms.includes(r.service),
    );
    expect(spans).toEqual(total(wholeSpans.map((r) => ({ ...r, n: r.spans }))));
    expect(errors).toEqual(
      total(
        wholeErrors.flatMap((r) =>
          r.errorMinutes.map((minute, i) => ({ ...r, minute, n: r.errorCounts[i] ?? 0 })),
        ),
      ),
    );
    // Six requests a minute: frontend's own span each (its client span is a call, not its own work)
    // and payment's; in the minute before onset both of frontend's spans and payment's err.
    const before = onset.getTime() / 1000 - 60;
    expect(spans).toContainEqual([`frontend ${before}`, 6]);
    expect(spans).toContainEqual([`payment ${before}`, 6]);
    expect(errors).toContainEqual([`frontend ${before}`, 12]);
    expect(errors).toContainEqual([`payment ${before}`, 6]);
    expect(errors.some(([key]) => key === `frontend ${before - 180}`)).toBe(false);
  });

  it('ranks nobody when the alerting service and its neighbourhood have no telemetry, even if others do', async () => {
    const store = await freshStore('strangers');
    // Another system (orders → billing) fails at the same time; the alert is on checkout.
    await writeClientServer(
      store,
      (t) => t >= 0,
      (name) => (name === 'payment' ? 'billing' : 'orders'),
    );

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['checkout'], at });

    expect(result.rootCauseServices).toEqual([]);
    expect(result.evidence.summary).toBe(
      `No traces, logs or metrics are stored for checkout or any service they call between ` +
        `${new Date(onset.getTime() - 30 * 60_000).toISOString()} and ${at.toISOString()}; other services have ` +
        'telemetry, but nothing links them to this symptom, so no root cause can be ranked.',
    );
    expect(result.evidence.exemplarTraceIds).toEqual([]);
  });
});
