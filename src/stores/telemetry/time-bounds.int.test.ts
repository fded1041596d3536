import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetry } from './migrations.ts';
import { type SqlFragment, sql } from './sql.ts';
import type { TelemetryStore } from './telemetry-store.ts';
import { makeTempDir, TELEMETRY_IMPLEMENTATIONS, uniqueDatabase } from './telemetry-stores.fixture.ts';
import { inInstantRange, instantOfSeconds } from './time-bounds.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

// A recent whole second (rows older than the retention are dropped by the table TTL).
const S = Math.floor(Date.now() / 1000) - 60;
const at = (ms: number) => new Date(S * 1000 + ms);

describe.each(TELEMETRY_IMPLEMENTATIONS)('DateTime64 time bounds on $kind', ({ kind, open }) => {
  let store: TelemetryStore;
  const traceId = `bounds-${kind}`;

  beforeAll(async () => {
    store = open(dir.path, uniqueDatabase(`bounds_${kind}`));
    await migrateTelemetry(store, { retentionDays: 7 });
    // Six spans from S.982 to S.987 in one insert, so one part whose rows all lie in second S:
    // the part a whole-second bound made ClickHouse skip.
    await store.insert(
      'otel_traces',
      [982, 983, 984, 985, 986, 987].map((ms, i) => ({
        Timestamp: at(ms),
        TraceId: traceId,
        SpanId: `s${i}`,
        ServiceName: 'bounds',
        SpanName: 'op',
      })),
    );
  });
  afterAll(async () => {
    await store?.close();
  });

  const count = async (condition: SqlFragment) => {
    const [row] = await store.query<{ n: number }>(
      sql`SELECT toUInt32(count()) AS n FROM otel_traces WHERE TraceId = ${traceId} AND ${condition}`,
    );
    return row?.n;
  };

  it('finds every row of a part lying inside one second with bounds on whole seconds', async () => {
    expect(
      await count(sql`Timestamp >= ${instantOfSeconds(S)} AND Timestamp < ${instantOfSeconds(S + 1)}`),
    ).toBe(6);
    expect(await count(inInstantRange('Timestamp', { from: at(0), to: at(1000) }))).toBe(6);
  });

  it('keeps a row at `from` and drops a row at `to`, to the millisecond', async () => {
    expect(await count(inInstantRange('Timestamp', { from: at(984), to: at(986) }))).toBe(2);
    expect(await count(inInstantRange('Timestamp', { from: at(987), to: at(988) }))).toBe(1);
    expect(await count(inInstantRange('Timestamp', { from: at(900), to: at(982) }))).toBe(0);
  });
});
