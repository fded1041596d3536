import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetry, openTelemetryStore, type TelemetryStore } from '../../stores/telemetry/index.ts';
import { makeTempDir } from '../../stores/telemetry/telemetry-stores.fixture.ts';
import { createRedSloDataSource } from './red-slo-data.ts';
import { createServiceSloReader } from './service-slo.ts';

// Relative to the real clock, so the rows stay inside the telemetry TTL whatever the date.
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const WINDOW = { from: new Date(NOW.getTime() - 3_600_000), to: NOW };
const dir = makeTempDir();
let telemetry: TelemetryStore;

/** `count` server spans of `service` 30 minutes ago, one per second; the first `failed` fail. */
function spans(service: string, count: number, failed: number) {
  return Array.from({ length: count }, (_, i) => ({
    Timestamp: new Date(NOW.getTime() - 30 * 60_000 + i * 1000),
    TraceId: `t-${service}-${i}`,
    SpanId: `s-${i}`,
    SpanName: 'POST /charge',
    SpanKind: 'Server',
    ServiceName: service,
    Duration: 5_000_000,
    StatusCode: i < failed ? 'Error' : 'Ok',
  }));
}

beforeAll(async () => {
  telemetry = await openTelemetryStore({ dataDir: dir.path, database: 'service_slo_test' });
  await migrateTelemetry(telemetry, { retentionDays: 7 });
  await telemetry.insert('otel_traces', spans('payment', 200, 38));
  await telemetry.insert('otel_traces', spans('pay-svc', 1000, 2));
});
afterAll(async () => {
  await telemetry?.close();
  dir.remove();
});

describe('the service SLO card figures', () => {
  it('reads a 99.99% annotation and 81% availability as a negative budget, all in percent', async () => {
    const read = createServiceSloReader({
      configObjectives: () => [],
      data: createRedSloDataSource(telemetry),
    });
    const slo = await read(
      { name: 'payment', telemetryName: 'payment', annotations: { 'cairn.dev/slo-availability': '99.99' } },
      WINDOW,
    );
    expect(slo).toEqual({
      availabilityObjectivePercent: 99.99,
      latencyObjectiveP99Ms: null,
      requests: 200,
      failedRequests: 38,
      availabilityPercent: 81,
      errorBudgetRemainingPercent: -189_900,
    });
  });

  it('counts the spans under the telemetry name, with cairn.yaml objectives first', async () => {
    const read = createServiceSloReader({
      configObjectives: () => [
        { service: 'pay-svc', kind: 'availability', target: 99 },
        { service: 'pay-svc', kind: 'latency', target: 99, thresholdMs: 250 },
      ],
      data: createRedSloDataSource(telemetry),
    });
    const slo = await read(
      {
        name: 'payments',
        telemetryName: 'pay-svc',
        annotations: { 'cairn.dev/slo-availability': '99.99', 'cairn.dev/telemetry-service-name': 'pay-svc' },
      },
      WINDOW,
    );
    expect(slo).toEqual({
      availabilityObjectivePercent: 99,
      latencyObjectiveP99Ms: 250,
      requests: 1000,
      failedRequests: 2,
      availabilityPercent: 99.8,
      errorBudgetRemainingPercent: 80,
    });
  });

  it('measures nothing outside the window', async () => {
    const read = createServiceSloReader({
      configObjectives: () => [],
      data: createRedSloDataSource(telemetry),
    });
    const slo = await read(
      { name: 'payment', telemetryName: 'payment', annotations: { 'cairn.dev/slo-availability': '99.99' } },
      { from: new Date(NOW.getTime() - 20 * 60_000), to: NOW },
    );
    expect(slo).toMatchObject({ requests: 0, availabilityPercent: null, errorBudgetRemainingPercent: null });
  });
});
