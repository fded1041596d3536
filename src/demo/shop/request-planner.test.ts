import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { createFaults } from './faults.ts';
import { type PlannedSpan, planRequest } from './request-planner.ts';

function flatten(span: PlannedSpan): PlannedSpan[] {
  return [span, ...span.children.flatMap(flatten)];
}

describe('planRequest', () => {
  it('puts a client span in the caller and the server span of the callee under it', () => {
    const plan = planRequest('frontend/checkout', createRandom(7), createFaults());
    expect(plan).toMatchObject({ service: 'frontend', kind: 'server', name: 'POST /cart/checkout' });
    const [client] = plan.children;
    expect(client).toMatchObject({
      service: 'frontend',
      kind: 'client',
      name: 'oteldemo.CheckoutService/PlaceOrder',
    });
    expect(client?.children[0]).toMatchObject({
      service: 'checkout',
      kind: 'server',
      name: 'oteldemo.CheckoutService/PlaceOrder',
    });
    const spans = flatten(plan);
    expect(spans.find((span) => span.name === 'POST /v1/charges')?.attributes).toMatchObject({
      'peer.service': 'stripe',
      'server.address': 'api.stripe.com',
    });
    expect(spans.find((span) => span.name === 'INSERT orders')?.attributes['db.system']).toBe('postgresql');
    expect(spans.find((span) => span.name === 'HGET')?.attributes['db.system']).toBe('redis');
  });

  it('keeps every child inside its parent in time', () => {
    const random = createRandom(11);
    for (let i = 0; i < 200; i++) {
      for (const span of flatten(planRequest('frontend/checkout', random, createFaults()))) {
        for (const child of span.children) {
          expect(child.startMs).toBeGreaterThanOrEqual(span.startMs);
          expect(child.startMs + child.durationMs).toBeLessThanOrEqual(span.startMs + span.durationMs + 1e-9);
        }
      }
    }
  });

  it('has log-normal latency: the frontend home page median near its sum of medians, with a long tail', () => {
    const random = createRandom(3);
    const durations = Array.from({ length: 4000 }, () => planRequest('frontend/home', random, createFaults()))
      .filter((span) => span.children.length > 0)
      .map((span) => span.durationMs)
      .sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] ?? 0;
    const p99 = durations[Math.floor(durations.length * 0.99)] ?? 0;
    expect(median).toBeGreaterThan(8);
    expect(median).toBeLessThan(20);
    expect(p99 / median).toBeGreaterThan(2);
  });

  it('fails about 30% of charges with a bad payment deploy, and the failure reaches the frontend', () => {
    const faults = createFaults();
    faults.add({
      id: 'bad',
      service: 'payment',
      errorRate: 0.3,
      errorMessage: 'TypeError in ChargeRequestMapper',
    });
    const random = createRandom(5);
    const plans = Array.from({ length: 2000 }, () => planRequest('frontend/checkout', random, faults));
    const charged = plans.filter((plan) =>
      flatten(plan).some((span) => span.service === 'payment' && span.kind === 'server'),
    );
    const failedCharges = charged.filter((plan) =>
      flatten(plan).some(
        (span) => span.service === 'payment' && span.kind === 'server' && span.error !== undefined,
      ),
    );
    const ratio = failedCharges.length / charged.length;
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.35);
    for (const plan of failedCharges) {
      expect(plan.error).toBe(
        'oteldemo.CheckoutService/PlaceOrder failed: oteldemo.PaymentService/Charge failed: TypeError in ChargeRequestMapper',
      );
      expect(plan.attributes['http.response.status_code']).toBe(500);
    }
  });

  it('answers about 0.5% of requests with a 4xx that is not a span error, and almost never fails otherwise', () => {
    const random = createRandom(9);
    const plans = Array.from({ length: 20_000 }, () =>
      planRequest('frontend/product', random, createFaults()),
    );
    const notFound = plans.filter((plan) => plan.attributes['http.response.status_code'] === 404);
    expect(notFound.length / plans.length).toBeGreaterThan(0.003);
    expect(notFound.length / plans.length).toBeLessThan(0.007);
    expect(notFound.every((plan) => plan.error === undefined && plan.logs[0]?.severity === 'WARN')).toBe(
      true,
    );
    expect(plans.filter((plan) => plan.error !== undefined).length / plans.length).toBeLessThan(0.001);
  });

  it('makes every postgresql span 20 times slower while the database is slow', () => {
    const median = (slow: boolean) => {
      const faults = createFaults();
      if (slow) faults.add({ id: 'db', database: { system: 'postgresql', latencyFactor: 20 } });
      const random = createRandom(1);
      const durations = Array.from({ length: 1000 }, () => planRequest('frontend/product', random, faults))
        .flatMap(flatten)
        .filter((span) => span.attributes['db.system'] === 'postgresql')
        .map((span) => span.durationMs)
        .sort((a, b) => a - b);
      return durations[Math.floor(durations.length / 2)] ?? 0;
    };
    expect(median(true) / median(false)).toBeCloseTo(20, 0);
  });

  it('puts an ingress delay on the wire of calls into the service, never in its server span', () => {
    const faults = createFaults();
    faults.add({ id: 'net', service: 'payment', network: { direction: 'ingress', delayMs: 300 } });
    const spans = flatten(planRequest('frontend/checkout', createRandom(3), faults));
    const client = spans.find((s) => s.kind === 'client' && s.name === 'oteldemo.PaymentService/Charge');
    const server = client?.children[0];
    expect(server?.service).toBe('payment');
    // Client minus server: the ~0.4 ms of normal network plus the 300 ms delay of the request leg.
    expect((client?.durationMs ?? 0) - (server?.durationMs ?? 0)).toBeGreaterThan(300);
    expect((client?.durationMs ?? 0) - (server?.durationMs ?? 0)).toBeLessThan(305);
    // Its own call out (to the card processor) waits on the response leg.
    const stripe = spans.find((s) => s.name === 'POST /v1/charges');
    expect(stripe?.durationMs).toBeGreaterThan(300);
  });

  it('refuses calls to a service that is down, with no server span under the client span', () => {
    const faults = createFaults();
    faults.add({ id: 'down', service: 'payment', down: true });
    const spans = flatten(planRequest('frontend/checkout', createRandom(3), faults));
    const client = spans.find((s) => s.kind === 'client' && s.name === 'oteldemo.PaymentService/Charge');
    expect(client?.children).toEqual([]);
    expect(client?.error).toBe('14 UNAVAILABLE: connect ECONNREFUSED payment:8080');
    expect(spans.some((s) => s.service === 'payment' && s.kind === 'server')).toBe(false);
  });
});
