/**
 * SLO attainment per tier in `GET /api/v1/insights`: server spans written to the real telemetry
 * store (chDB) for services of the example catalog, each tier held to 99.9 %.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { at, baseHour, hexId, insertSpans, type SpanInput } from '../telemetry/telemetry-fixtures.ts';

/** `calls` server spans of a service over an hour, the first `errors` of them failed. */
function spans(service: string, calls: number, errors: number): SpanInput[] {
  const base = baseHour();
  return Array.from({ length: calls }, (_, i) => ({
    traceId: hexId(16),
    service,
    kind: 'Server',
    start: at(base, i % 60, i % 50),
    durationMs: 20,
    status: i < errors ? 'Error' : 'Ok',
  }));
}

describe('SLO attainment per tier (GET /api/v1/insights)', () => {
  let cairn: InProcessCairn;
  beforeAll(async () => {
    cairn = await startInProcess({ catalogDir: 'examples/catalog' });
    await insertSpans(cairn.runtime.telemetry, [
      // tier-1: 100 %, 99.95 %, 99.8 % (misses 99.9 %), payment exactly 99.9 % (meets it);
      // productcatalog served nothing.
      ...spans('checkout', 1000, 0),
      ...spans('cart', 2000, 1),
      ...spans('frontend', 1000, 2),
      ...spans('payment', 1000, 1),
      // tier-2: currency 100 %; shipping served nothing.
      ...spans('currency', 500, 0),
    ]);
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('gives per tier the services measured, those at or above 99.9 %, the availability and the worst', async () => {
    const response = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/insights',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(response.statusCode).toBe(200);
    const { sloAttainment } = response.json() as Insights;
    expect(sloAttainment).toEqual({
      targetPercent: 99.9,
      byTier: [
        {
          tier: 'tier-1',
          services: 5,
          measured: 4,
          meeting: 3,
          attainmentPercent: 75,
          availabilityPercent: (100 * (5000 - 4)) / 5000,
          worst: { service: 'frontend', availabilityPercent: (100 * 998) / 1000 },
        },
        {
          tier: 'tier-2',
          services: 2,
          measured: 1,
          meeting: 1,
          attainmentPercent: 100,
          availabilityPercent: 100,
          worst: { service: 'currency', availabilityPercent: 100 },
        },
        {
          tier: 'tier-3',
          services: 3,
          measured: 0,
          meeting: 0,
          attainmentPercent: null,
          availabilityPercent: null,
          worst: null,
        },
      ],
    });
  });
});
