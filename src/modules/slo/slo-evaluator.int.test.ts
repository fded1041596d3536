import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/clock.ts';
import {
  migrateTelemetry,
  openTelemetryStore,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import { makeTempDir } from '../../stores/telemetry/telemetry-stores.fixture.ts';
import type { IncomingAlert } from '../alerts/index.ts';
import { createRedSloDataSource } from './red-slo-data.ts';
import { createSloEvaluator } from './slo-evaluator.ts';

// The evaluator's clock is pinned, but relative to the real one: rows older than the table TTL (the
// retention below) are dropped as they are inserted, so a calendar date here stops working a week on.
// The same scenario also runs with the clock four months ahead: the verdicts depend on how old the
// spans are, never on the date.
const CLOCKS = [
  { label: 'now', shiftDays: 0 },
  { label: 'four months ahead', shiftDays: 120 },
];
const RETENTION_DAYS = 7;
const dir = makeTempDir();
afterAll(() => dir.remove());

describe.each(CLOCKS)('SLO burn-rate evaluation on RED data, clock $label', ({ shiftDays }) => {
  const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000 + shiftDays * 86_400_000);
  let telemetry: TelemetryStore;

  /** Server spans of `service`, one per second, from `minutesAgo` minutes before NOW; every `errorEvery`-th fails. */
  function spans(service: string, minutesAgo: number, count: number, errorEvery: number, durationMs = 10) {
    return Array.from({ length: count }, (_, i) => ({
      Timestamp: new Date(NOW.getTime() - minutesAgo * 60_000 + i * 1000),
      TraceId: `t-${service}-${minutesAgo}-${i}`,
      SpanId: `s-${i}`,
      SpanName: 'GET /pay',
      SpanKind: 'Server',
      ServiceName: service,
      Duration: durationMs * 1_000_000,
      StatusCode: i % errorEvery === 0 ? 'Error' : 'Ok',
    }));
  }

  beforeAll(async () => {
    telemetry = await openTelemetryStore({ dataDir: dir.path, database: `slo_test_${shiftDays}` });
    await migrateTelemetry(telemetry, { retentionDays: RETENTION_DAYS });
    // payments: 50% errors over the last 4 minutes (burns 500× a 99.9% budget): pages.
    await telemetry.insert('otel_traces', spans('payments', 4, 180, 2));
    // search: 1% errors over the last 50 minutes against a 99% target: burn rate 1× in every window,
    // below every page pair and 1d/2h (3×), but enough for the 3d/6h ticket pair (1×).
    await telemetry.insert('otel_traces', spans('search', 50, 2900, 100));
    // catalog: healthy but slow: every request takes 500 ms against a 300 ms p99 objective.
    await telemetry.insert('otel_traces', spans('catalog', 3, 120, 1_000_000, 500));
    // quiet: one failed request out of three: a 33% error rate, but one error is not a burning budget.
    await telemetry.insert('otel_traces', spans('quiet', 2, 3, 3));
    // Every row is there: none fell outside the retention (the failure a calendar-dated clock causes).
    const [stored] = await telemetry.query<{ n: number }>(
      sql`SELECT toUInt32(count()) AS n FROM otel_traces`,
    );
    expect(stored?.n, 'spans stored; fewer means the TTL dropped them').toBe(180 + 2900 + 120 + 3);
  });
  afterAll(async () => {
    await telemetry?.close();
  });

  it('fires the exact alerts for the objectives that burn, at a fixed time', async () => {
    const ingested: IncomingAlert[] = [];
    const evaluator = createSloEvaluator({
      objectives: {
        objectives: async () => [
          { service: 'payments', kind: 'availability', target: 99.9 },
          { service: 'search', kind: 'availability', target: 99 },
          { service: 'catalog', kind: 'latency', target: 99, thresholdMs: 300 },
          { service: 'idle', kind: 'availability', target: 99.9 },
          { service: 'quiet', kind: 'availability', target: 99.9 },
        ],
      },
      data: createRedSloDataSource(telemetry),
      alerts: { find: async () => undefined, ingest: async (alerts) => void ingested.push(...alerts) },
      clock: fixedClock(NOW),
      minBadEvents: 5,
    });
    const evaluations = await evaluator.evaluate();
    const payments = evaluations.find((e) => e.objective.service === 'payments' && e.verdict.tier === 'page');
    expect(payments?.verdict).toMatchObject({ burning: true, burnRateLong: 500, burnRateShort: 500 });
    expect(payments?.verdict.window.label).toBe('1h/5m');
    expect(ingested.map((a) => [a.fingerprint, a.labels.severity, a.labels.window])).toEqual([
      ['slo:payments:availability:page', 'critical', '1h/5m'],
      ['slo:payments:availability:ticket', 'warning', '1d/2h'],
      ['slo:search:availability:ticket', 'warning', '3d/6h'],
      ['slo:catalog:latency:page', 'critical', '1h/5m'],
      ['slo:catalog:latency:ticket', 'warning', '1d/2h'],
    ]);
    expect(ingested[0]).toMatchObject({
      source: 'slo',
      status: 'firing',
      startsAt: NOW,
      endsAt: null,
      labels: { alertname: 'SLOAvailabilityBurnRate', service: 'payments', slo: 'availability' },
      annotations: {
        summary: 'payments is burning its 99.9% availability error budget 500× too fast (1h/5m)',
      },
    });
    expect(evaluations.filter((e) => e.objective.service === 'idle').every((e) => !e.verdict.burning)).toBe(
      true,
    );
    const quiet = evaluations.find((e) => e.objective.service === 'quiet' && e.verdict.tier === 'page');
    expect(quiet?.verdict).toMatchObject({ burning: false, burnRateLong: 333.33, burnRateShort: 333.33 });
  });

  it('resolves a firing SLO alert once the burn stops, keeping its start time', async () => {
    const ingested: IncomingAlert[] = [];
    const startsAt = new Date(NOW.getTime() - 3 * 3600_000).toISOString();
    const evaluator = createSloEvaluator({
      objectives: { objectives: async () => [{ service: 'idle', kind: 'availability', target: 99.9 }] },
      data: createRedSloDataSource(telemetry),
      alerts: {
        find: async (fp) =>
          fp === 'slo:idle:availability:page' ? { status: 'firing', startsAt } : undefined,
        ingest: async (alerts) => void ingested.push(...alerts),
      },
      clock: fixedClock(NOW),
      minBadEvents: 5,
    });
    await evaluator.evaluate();
    expect(
      ingested.map((a) => [a.fingerprint, a.status, a.startsAt.toISOString(), a.endsAt?.toISOString()]),
    ).toEqual([['slo:idle:availability:page', 'resolved', startsAt, NOW.toISOString()]]);
  });
});
