import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetry, openTelemetryStore, type TelemetryStore } from '../../stores/telemetry/index.ts';
import { makeTempDir } from '../../stores/telemetry/telemetry-stores.fixture.ts';
import { createRedSloDataSource } from './red-slo-data.ts';

const dir = makeTempDir();
let telemetry: TelemetryStore;
// Whole seconds relative to now (rows older than the retention are dropped by the table TTL).
const TO_SECONDS = Math.floor(Date.now() / 1000) - 120;
const FROM_SECONDS = TO_SECONDS - 60;

function serverSpan(service: string, at: Date, durationMs: number) {
  return {
    Timestamp: at,
    TraceId: `t-${at.getTime()}-${durationMs}`,
    SpanId: 's',
    SpanName: 'GET /item',
    SpanKind: 'Server',
    ServiceName: service,
    Duration: durationMs * 1_000_000,
    StatusCode: 'Ok',
  };
}

beforeAll(async () => {
  telemetry = await openTelemetryStore({ dataDir: dir.path, database: 'slo_bounds' });
  await migrateTelemetry(telemetry, { retentionDays: 7 });
  // One insert per span, so each is alone in its part: 1 ms before `from` (out), exactly at `from`
  // (in), half a second before `to` (in, slow), exactly at `to` (out, slow).
  const at = (seconds: number, ms: number) => new Date(seconds * 1000 + ms);
  for (const [time, durationMs] of [
    [at(FROM_SECONDS, -1), 10],
    [at(FROM_SECONDS, 0), 10],
    [at(TO_SECONDS, -500), 900],
    [at(TO_SECONDS, 0), 900],
  ] as const) {
    await telemetry.insert('otel_traces', [serverSpan('catalog', time, durationMs)]);
  }
});
afterAll(async () => {
  await telemetry?.close();
  dir.remove();
});

describe('SLO latency counts', () => {
  it('count the Server spans in [from, to) exactly, one half a second before `to` included', async () => {
    const data = createRedSloDataSource(telemetry);
    const counts = await data.counts(
      { service: 'catalog', kind: 'latency', target: 99, thresholdMs: 300 },
      FROM_SECONDS,
      TO_SECONDS,
    );
    expect(counts).toEqual({ total: 2, bad: 1 });
  });
});
