import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.ts';
import { buildIncidentContext, rankRootCauses } from '../../src/modules/context/index.ts';
import { createRedSloDataSource } from '../../src/modules/slo/index.ts';
import { createTelemetryQueryService } from '../../src/modules/telemetry/index.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. The same fault twice: ledger stops writing its second line (an exception thrown in
// between, nothing logged) during an earlier incident that fills most of the baseline, and again
// at onset. Taken as normal, the earlier incident hides the repeat; left out, it does not.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Date.now() - 10 * 60_000);
onset.setUTCSeconds(0, 0);
const at = new Date(onset.getTime() + 5 * 60_000);
const minutes = (n: number) => new Date(onset.getTime() + n * 60_000);
const earlier = { from: minutes(-29), to: minutes(-1) };

async function writeRepeatedFault(store: TelemetryStore): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  for (let t = -30 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
    const start = new Date(onset.getTime() + t + 1_000);
    const id = n.toString(16).padStart(32, '0');
    const faulty = t >= 0 || (start >= earlier.from && start < earlier.to);
    for (const [suffix, parent, service] of [
      ['0001', '', 'frontend'],
      ['0002', '0001', 'ledger'],
    ] as const) {
      spans.push({
        Timestamp: new Date(start.getTime() + Number(suffix)),
        TraceId: id,
        SpanId: `${id.slice(-12)}${suffix}`,
        ParentSpanId: parent === '' ? '' : `${id.slice(-12)}${parent}`,
        SpanName: 'POST /entries',
        SpanKind: 'Server',
        ServiceName: service,
        ResourceAttributes: { 'service.name': service },
        Duration: 5_000_000,
        StatusCode: 'Unset',
      });
    }
    const line = (ms: number, body: string) => ({
      Timestamp: new Date(start.getTime() + ms),
      TraceId: id,
      SpanId: `${id.slice(-12)}0002`,
      SeverityText: 'INFO',
      SeverityNumber: 9,
      ServiceName: 'ledger',
      Body: body,
    });
    logs.push(line(3, `posting entry ${n}`));
    if (!faulty) logs.push(line(4, `entry ${n} posted`));
  }
  await store.insert('otel_traces', spans);
  await store.insert('otel_logs', logs);
}

describe('earlier incidents and the root-cause baseline on real chDB', () => {
  let store: TelemetryStore;
  beforeAll(async () => {
    store = await freshStore('earlier_incident');
    await writeRepeatedFault(store);
  });

  it('finds the repeat once the earlier incident is left out of the baseline', async () => {
    const blind = await rankRootCauses({ telemetry: store }, { onset, services: ['frontend'], at });
    expect(blind.rootCauseServices).toEqual([]);

    const result = await rankRootCauses(
      { telemetry: store },
      { onset, services: ['frontend'], at, excludeFromBaseline: [earlier] },
    );
    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['ledger']);
    expect(result.rootCauseServices[0]?.reasons[0]).toBe(
      "ledger: in its 'POST /entries' requests, after 'log posting entry <num>', the next event was 'log entry <num> posted' in 0 of 29 (0%) " +
        'of cases after onset against 100% in a typical baseline minute (12 of 12 over the whole baseline) — ' +
        "the service's flow changed (exact test over 2 transitions)",
    );
    expect(result.evidence.windows.baselineExcluded).toEqual([
      { from: earlier.from.toISOString(), to: earlier.to.toISOString() },
    ]);
    // 30 minutes outside the earlier incident: the last one before onset and 29 before it.
    expect(result.evidence.windows.baseline).toEqual({
      from: minutes(-58).toISOString(),
      to: onset.toISOString(),
    });
  });

  it("leaves out the incident context's earlier incidents on the same services", async () => {
    const queries = createTelemetryQueryService({ telemetry: store, clock: fixedClock(at) });
    const asked: Array<{ from: string; to: string }> = [];
    const context = await buildIncidentContext(
      {
        telemetry: store,
        changes: { list: async () => [] },
        catalog: { listServices: async () => [] },
        serviceEdges: (range) => queries.serviceEdges(range),
        objectives: async () => [],
        sloData: createRedSloDataSource(store),
        pastIncidents: async () => [],
        earlierIncidents: async (_incident, range) => {
          asked.push({ from: range.from.toISOString(), to: range.to.toISOString() });
          return [earlier];
        },
        settings: { lookbackMinutes: 120, environments: [] },
      },
      {
        incident: {
          id: 'repeat',
          services: ['frontend'],
          startedAt: onset.toISOString(),
          alerts: [{ rule: 'LedgerErrors', startsAt: onset.toISOString(), annotations: {} }],
        },
        at,
        explicitAt: true,
      },
    );
    // The 2 hours a baseline may reach back, plus the 5 minutes the onset may move back.
    expect(asked).toEqual([{ from: minutes(-125).toISOString(), to: onset.toISOString() }]);
    expect(context.rootCauseServices.map((r) => r.service)).toEqual(['ledger']);
    expect(context.evidence.windows.baselineExcluded).toEqual([
      { from: earlier.from.toISOString(), to: earlier.to.toISOString() },
    ]);
  });
});
