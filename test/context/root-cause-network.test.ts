import { describe, expect, it } from 'vitest';
import type { EdgeRow } from '../../src/modules/context/root-cause/edge-signals.store.ts';
import { networkSuspects } from '../../src/modules/context/root-cause/network-suspects.ts';
import { scoreServices } from '../../src/modules/context/root-cause/service-anomaly.ts';
import type { SpanMinuteRow } from '../../src/modules/context/root-cause/span-signals.store.ts';

/** One edge with 100 comparable calls after onset, `slower` of them over the baseline p95. */
function edge(caller: string, callee: string, slower: number, wireAfterMs = 1): EdgeRow {
  return {
    caller,
    callee,
    operation: `call ${callee}`,
    baselineCalls: 600,
    afterCalls: 100,
    baselineP95WireMs: 1.5,
    baselineMedianWireMs: 1,
    afterMedianWireMs: wireAfterMs,
    comparable: 100,
    slower,
    baselineTransportErrors: 0,
    afterTransportErrors: 0,
  };
}

describe('networkSuspects', () => {
  it('blames the service all of whose edges slowed, in and out, and no neighbour', () => {
    // checkout's interface is slow: the call into it and its calls out all wait on the wire.
    const rows = [
      edge('frontend', 'checkout', 100, 301),
      edge('checkout', 'payment', 100, 301),
      edge('checkout', 'email', 100, 301),
      edge('frontend', 'cart', 5),
      edge('checkout', 'cart', 4),
      edge('frontend', 'catalog', 6),
    ];
    const suspects = networkSuspects(rows);
    // email and payment have all of their one edge troubled too, but checkout explains three edges.
    expect(suspects.map((s) => s.service)).toEqual(['checkout']);
    expect(suspects[0]?.reason).toBe(
      'checkout: calls into checkout from 1 caller took +300 ms on the wire after onset (from frontend; client span ' +
        "minus checkout's server span, median); its calls to 2 services took +300 ms on the wire " +
        'while their server spans did not account for it (to email, payment) — 3 of its 4 active call edges changed ' +
        "(a caller's or callee's own trouble would change only the edge it shares with it)",
    );
  });

  it('clears a caller when only its call to the faulty service slowed', () => {
    // email's only edge slowed; checkout, its caller, has four quiet edges besides.
    const rows = [
      edge('frontend', 'checkout', 5),
      edge('checkout', 'payment', 4),
      edge('checkout', 'email', 90, 201),
      edge('checkout', 'cart', 6),
      edge('checkout', 'shipping', 5),
    ];
    expect(networkSuspects(rows).map((s) => s.service)).toEqual(['email']);
  });

  it('says, in a sentence a person can check, that the wire slowed and the service itself did not', () => {
    // checkout's ingress is delayed 480 ms: every call into it waits, its own work is as before.
    const rows = [
      edge('frontend', 'checkout', 100, 481),
      edge('api', 'checkout', 98, 481),
      edge('mobile', 'checkout', 99, 481),
      edge('frontend', 'cart', 5),
    ];
    const selfTime = {
      service: 'checkout',
      baselineSpans: 600,
      afterSpans: 300,
      baselineP95Ms: 3,
      afterP95Ms: 3.1,
      comparable: 300,
      slower: 16,
      baselineMinutes: [],
      baselineMinuteSpans: [],
      afterMinutes: [],
      afterMinuteSpans: [],
    };
    const [anomaly] = scoreServices({
      selfTime: [selfTime],
      errorSpans: [],
      templates: [],
      logTotals: { before: 0, after: 0, byService: new Map() },
      saturation: [],
      network: networkSuspects(rows),
    });
    expect(anomaly?.service).toBe('checkout');
    expect(anomaly?.signals.map((s) => s.reason)).toEqual([
      'checkout: calls into checkout from 3 callers took +480 ms on the wire after onset; its own spans did not slow ' +
        "(from api, frontend, mobile; client span minus checkout's server span, median) — 3 of its 3 active call " +
        "edges changed (a caller's or callee's own trouble would change only the edge it shares with it)",
    ]);
  });

  it('names nobody when edges are within their baseline', () => {
    expect(networkSuspects([edge('a', 'b', 5), edge('b', 'c', 7)])).toEqual([]);
  });
});

describe('CPU judged per unit of work', () => {
  const minutes = (service: string, before: number, after: number): SpanMinuteRow[] => [
    ...Array.from({ length: 10 }, (_, i) => ({ service, minute: i * 60, isAfter: 0, spans: before })),
    ...Array.from({ length: 3 }, (_, i) => ({ service, minute: 600 + i * 60, isAfter: 1, spans: after })),
  ];
  const cpu = (service: string, afterLevel: number) => ({
    service,
    metric: 'process.cpu.utilization',
    baselineMedian: 0.2,
    baselineSigma: 0.01,
    baselinePoints: 20,
    afterSustained: afterLevel,
    afterPoints: 6,
  });
  const signals = (spanMinutes: SpanMinuteRow[], level: number) =>
    scoreServices({
      selfTime: [],
      errorSpans: [],
      templates: [],
      logTotals: { before: 0, after: 0, byService: new Map() },
      saturation: [cpu('catalog', level)],
      spanMinutes,
    });

  it('does not blame a service that was given three times the work and used three times the CPU', () => {
    expect(signals(minutes('catalog', 100, 300), 0.6)).toEqual([]);
  });

  it('blames a service whose CPU tripled for the same work', () => {
    const [anomaly] = signals(minutes('catalog', 100, 100), 0.6);
    expect(anomaly?.signals.map((s) => s.kind)).toEqual(['saturation']);
  });
});
