import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. Two ways a caller's loud anomaly is not its own: its errors say it could not reach a
// dependency, and — the other way round — a callee whose only anomaly is a resource gauge did not
// behave differently in any trace, so it explains none of its caller's changes.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCMilliseconds(0);
const at = new Date(onset.getTime() + 5 * 60_000);

interface Traffic {
  spans: Record<string, unknown>[];
  logs: Record<string, unknown>[];
  gauges: Record<string, unknown>[];
}

/** One request every 10 s from 20 min before onset to 5 min after; `write` adds its spans and lines. */
function everyTenSeconds(
  write: (request: { start: Date; n: number; after: boolean; traffic: Traffic }) => void,
): Traffic {
  const traffic: Traffic = { spans: [], logs: [], gauges: [] };
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    write({ start: new Date(onset.getTime() + t), n, after: t >= 0, traffic });
  }
  return traffic;
}

/** Span and log rows of one trace, ids derived from the request number and a per-path letter. */
function traceWriter(traffic: Traffic, start: Date, n: number, letter: string) {
  const id = `${letter}${n.toString(16).padStart(31, '0')}`;
  const spanId = (suffix: string) => `${id.slice(-12)}${suffix}`;
  return {
    span(suffix: string, parent: string, service: string, name: string) {
      traffic.spans.push({
        Timestamp: new Date(start.getTime() + Number(suffix)),
        TraceId: id,
        SpanId: spanId(suffix),
        ParentSpanId: parent === '' ? '' : spanId(parent),
        SpanName: name,
        SpanKind: 'Server',
        ServiceName: service,
        ResourceAttributes: { 'service.name': service },
        Duration: 5_000_000,
        StatusCode: 'Unset',
      });
    },
    log(service: string, suffix: string, ms: number, body: string, error = false) {
      traffic.logs.push({
        Timestamp: new Date(start.getTime() + ms),
        TraceId: id,
        SpanId: spanId(suffix),
        SeverityText: error ? 'ERROR' : 'INFO',
        SeverityNumber: error ? 17 : 9,
        ServiceName: service,
        Body: body,
      });
    },
  };
}

async function store(name: string, traffic: Traffic): Promise<TelemetryStore> {
  const telemetry = await freshStore(name);
  await telemetry.insert('otel_traces', traffic.spans);
  await telemetry.insert('otel_logs', traffic.logs);
  if (traffic.gauges.length > 0) await telemetry.insert('otel_metrics_gauge', traffic.gauges);
  return telemetry;
}

describe('dependencies in root-cause ranking on real chDB', () => {
  it("takes a caller's errors that name a service it calls as that dependency's, not its own", async () => {
    // frontend → travel → route (`/trip`) and frontend → travel → basic (`/list`). After onset route
    // quietly stops writing its second line on every `/trip` (the injected fault), while on every
    // other `/list` travel cannot find basic: it logs an error naming basic and never calls it.
    const traffic = everyTenSeconds(({ start, n, after, traffic }) => {
      const trip = traceWriter(traffic, start, n, 'a');
      trip.span('1', '', 'frontend', 'GET /trip');
      trip.span('2', '1', 'travel', 'GET /trip');
      trip.span('3', '2', 'route', 'GET /route');
      trip.log('route', '3', 4, `reserving seat for order ${n}`);
      if (!after) trip.log('route', '3', 5, `seat reserved for order ${n}`);

      const list = traceWriter(traffic, new Date(start.getTime() + 5_000), n, 'b');
      list.span('1', '', 'frontend', 'GET /list');
      list.span('2', '1', 'travel', 'GET /list');
      list.log('travel', '2', 3, `listing trips for request ${n}`);
      if (after && n % 2 === 0) {
        list.log('travel', '2', 4, 'Request processing failed: No instances available for basic', true);
      } else {
        list.span('5', '2', 'basic', 'GET /stations');
        list.log('travel', '2', 6, `listed trips for request ${n}`);
      }
    });
    const telemetry = await store('named_dependency', traffic);

    const result = await rankRootCauses({ telemetry }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['route', 'travel']);
    const [route, travel] = result.rootCauseServices;
    expect(route?.reasons[0]).toMatch(
      /^route: in its 'GET \/route' requests, after 'log reserving seat for order <num>', the next event was/,
    );
    expect(travel?.reasons).toContain(
      "travel: 15 erroring spans after onset only log errors naming a service it calls (the dependency's errors, " +
        'as its caller reports them)',
    );
    expect(travel?.reasons.some((r) => r.startsWith('travel: errors originate in its own spans'))).toBe(
      false,
    );
    expect((travel?.score ?? 1) < (route?.score ?? 0)).toBe(true);
  });

  it('keeps a caller first when its only anomalous callee moved in a resource gauge alone', async () => {
    // frontend → travel → basic on every request. After onset travel throws after its first line
    // (its second line vanishes); basic's CPU gauge rises by half but its spans and lines are unchanged.
    const traffic = everyTenSeconds(({ start, n, after, traffic }) => {
      const trace = traceWriter(traffic, start, n, 'c');
      trace.span('1', '', 'frontend', 'GET /trip');
      trace.span('2', '1', 'travel', 'GET /trip');
      trace.span('3', '2', 'basic', 'GET /stations');
      trace.log('travel', '2', 4, `calculating distance for request ${n}`);
      if (!after) trace.log('travel', '2', 5, `calculated distance for request ${n}`);
      trace.log('basic', '3', 4, `stations for request ${n}`);
      if (n % 6 === 0) {
        traffic.gauges.push({
          ResourceAttributes: { 'service.name': 'basic' },
          ServiceName: 'basic',
          MetricName: 'CpuUsage',
          TimeUnix: start,
          StartTimeUnix: start,
          Value: after ? 15 + (n % 3) : 10 + (n % 3),
        });
      }
    });
    const telemetry = await store('gauge_only_callee', traffic);

    const result = await rankRootCauses({ telemetry }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['travel', 'basic']);
    const [travel, basic] = result.rootCauseServices;
    expect(travel?.reasons[0]).toMatch(
      /^travel: in its 'GET \/trip' requests, after 'log calculating distance for request <num>', the next event was/,
    );
    expect(basic?.reasons[0]).toMatch(/^basic: CpuUsage stayed at 1\d\.00 or more/);
  });

  it('does not take a callee called more often for an anomalous one: only what it writes per line counts', async () => {
    // frontend → travel → order (`/trip`) and frontend → order (`/orders`). After onset travel's
    // second line vanishes on every `/trip` (the fault), and `/orders` comes six times as often
    // (a load shift). order writes the same line per call throughout: more of them, in the same
    // proportion of its own lines.
    const traffic = everyTenSeconds(({ start, n, after, traffic }) => {
      const trip = traceWriter(traffic, start, n, 'd');
      trip.span('1', '', 'frontend', 'GET /trip');
      trip.span('2', '1', 'travel', 'GET /trip');
      trip.span('3', '2', 'order', 'GET /orders');
      trip.log('travel', '2', 4, `calculating distance for request ${n}`);
      if (!after) trip.log('travel', '2', 5, `calculated distance for request ${n}`);
      trip.log('order', '3', 4, `reading orders for request ${n}`);
      for (let k = 0; k < (after ? 6 : 1); k++) {
        const orders = traceWriter(
          traffic,
          new Date(start.getTime() + 2_000 + k * 1_000),
          n,
          'efghij'.charAt(k),
        );
        orders.span('1', '', 'frontend', 'GET /orders');
        orders.span('3', '1', 'order', 'GET /orders');
        orders.log('order', '3', 4, `reading orders for request ${n}`);
      }
    });
    const telemetry = await store('load_shift', traffic);

    const result = await rankRootCauses({ telemetry }, { onset, services: ['frontend'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['travel']);
  });
});
