/**
 * The edge materialisation job as compose.ts wires it: on the leader-elected scheduler, with the
 * system clock, feeding the same API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../src/modules/telemetry/index.ts';
import { createServiceEdgesStore } from '../../src/modules/telemetry/service-edges.store.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { apiGet, rangeQuery } from './query-api.ts';
import { at, baseHour, hexId, insertSpans } from './telemetry-fixtures.ts';

describe('the service-edges-materialize job', () => {
  let cairn: InProcessCairn;
  const base = baseHour();
  const window = rangeQuery(base, at(base, 60));

  beforeAll(async () => {
    cairn = await startInProcess();
    for (let i = 0; i < 5; i++) {
      const traceId = hexId(16);
      const caller = hexId(8);
      const start = at(base, 10 + i, 30);
      await insertSpans(cairn.runtime.telemetry, [
        { traceId, spanId: caller, service: 'web', kind: 'Client', start, durationMs: 10 + i },
        { traceId, parentSpanId: caller, service: 'api', kind: 'Server', start, durationMs: 5 + i },
      ]);
    }
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('runs on the scheduler and leaves the graph unchanged', async () => {
    const before = await apiGet<ServiceGraph>(cairn, `/api/v1/service-graph?${window}`);
    expect(before.body.edges).toEqual([
      { source: 'web', target: 'api', calls: 5, errors: 0, p50Ms: 12, p99Ms: 13.96 },
    ]);
    await cairn.runtime.scheduler.runAllNow();
    // The first run starts at the first span's minute and pairs at most 60 minutes.
    expect(await createServiceEdgesStore(cairn.runtime.telemetry).progress()).toEqual({
      from: at(base, 10),
      to: at(base, 70),
    });
    const after = await apiGet<ServiceGraph>(cairn, `/api/v1/service-graph?${window}`);
    expect(after.body).toEqual(before.body);
  });
});
