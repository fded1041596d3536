/**
 * The first context of a new incident survives a store hiccup: the failed computation is retried
 * once after a short delay instead of waiting for the periodic refresh (which these tests never
 * run). Everything is real (SQLite, chDB, the alerting and context services as compose.ts wires
 * them) except the change store read, which fails on purpose for its first calls.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/kernel/clock.ts';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { UnavailableError } from '../../src/kernel/errors.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createAlertStore } from '../../src/modules/alerts/index.ts';
import { createCatalogService, createCatalogStore } from '../../src/modules/catalog/index.ts';
import { createChangeService, createChangeStore } from '../../src/modules/changes/index.ts';
import { createIncidentContextService, type IncidentContext } from '../../src/modules/context/index.ts';
import { createStaticTopology } from '../../src/modules/incidents/index.ts';
import { createChannelRegistry } from '../../src/modules/notify/index.ts';
import { createRedSloDataSource } from '../../src/modules/slo/index.ts';
import { createObservedTelemetry, createTelemetryQueryService } from '../../src/modules/telemetry/index.ts';
import { type Alerting, composeAlerting } from '../../src/server/compose.ts';
import { migrateStateStore, openStateStore } from '../../src/stores/state/index.ts';
import { migrateTelemetry, openTelemetryStore } from '../../src/stores/telemetry/index.ts';
import { eventually } from '../alerts/support/alerting-cairn.ts';

const RETRY_DELAY_MS = 300;

interface Rig {
  alerting: Alerting;
  /** Calls of the change store read, failed ones included. */
  changeReads: () => number;
  /** Log records at warn and above, as pino wrote them. */
  logs: Array<{ level: number; msg: string; incidentId?: string; retryInMs?: number }>;
  close(): Promise<void>;
}

/** Alerting and the context engine on real stores; the change store read fails its first `failures` calls. */
async function startRig(failures: number): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-context-retry-'));
  const config = CairnConfigSchema.parse({ dataDir });
  const state = await openStateStore({ dataDir });
  await migrateStateStore(state);
  const telemetry = openTelemetryStore({ dataDir, database: config.telemetry.database });
  await migrateTelemetry(telemetry, { retentionDays: config.telemetry.retentionDays });
  const logs: Rig['logs'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // pino writes one JSON record per line.
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Rig['logs'][number]);
      done();
    },
  });
  const logger = createLogger('warn', sink);
  const catalog = createCatalogService({
    store: createCatalogStore(state.db),
    telemetry: createObservedTelemetry({ telemetry }),
    recentChanges: (service) => changes.recentForService(service),
    clock: systemClock,
  });
  const changes = createChangeService({
    store: createChangeStore(state.db),
    resolver: catalog.resolver,
    clock: systemClock,
  });
  let reads = 0;
  const queries = createTelemetryQueryService({ telemetry, clock: systemClock });
  const alertRows = createAlertStore(state.db);
  const context = createIncidentContextService({
    telemetry,
    changes: {
      list: async (query) => {
        reads++;
        if (reads <= failures) throw new UnavailableError('state store did not answer (hiccup on purpose)');
        return changes.list(query);
      },
    },
    catalog,
    serviceEdges: (range) => queries.serviceEdges(range),
    objectives: async () => [],
    sloData: createRedSloDataSource(telemetry),
    incidents: () => alerting.incidents,
    alertAnnotations: async (incidentId) =>
      (await alertRows.listByIncident(incidentId)).map((row) => ({
        rule: row.rule,
        annotations: JSON.parse(row.annotations) as Record<string, string>, // written by alert intake as a string map
      })),
    settings: { lookbackMinutes: config.context.lookbackMinutes, environments: config.context.environments },
    clock: systemClock,
    logger,
    retryDelayMs: RETRY_DELAY_MS,
  });
  const alerting = composeAlerting({
    db: state.db,
    dialect: state.dialect,
    config,
    publicUrl: () => 'http://localhost:7420',
    topology: createStaticTopology({ edges: [], entryPoints: [] }),
    owners: { ownerOf: async () => undefined },
    context: context.provider,
    catalogObjectives: { objectives: async () => [] },
    sloData: createRedSloDataSource(telemetry),
    channels: createChannelRegistry({ logger }),
    clock: systemClock,
    logger,
  });
  return {
    alerting,
    changeReads: () => reads,
    logs,
    close: async () => {
      await alerting.drain();
      context.stop();
      await telemetry.close();
      await state.close();
    },
  };
}

/** A warning on a service no user calls: it opens an incident and never pages. */
async function openIncident(rig: Rig): Promise<string> {
  await rig.alerting.intake.ingest([
    {
      source: 'test',
      fingerprint: 'disk-ledger',
      status: 'firing',
      labels: { alertname: 'DiskSpaceLow', service: 'ledger', severity: 'warning' },
      annotations: { runbook_url: 'https://runbooks.example/disk' },
      startsAt: new Date(Date.now() - 60_000),
      endsAt: null,
      groupKey: null,
      generatorUrl: null,
    },
  ]);
  const [incident] = await rig.alerting.incidents.list('open', 10);
  if (!incident) throw new Error('the alert opened no incident');
  // The first computation ran (and failed) in the background.
  await rig.alerting.drain();
  return incident.id;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the first context of a new incident', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('is computed by one retry after a short delay when the first computation fails', async () => {
    rig = await startRig(1);
    const id = await openIncident(rig);
    expect(rig.changeReads()).toBe(1);
    expect((await rig.alerting.incidents.get(id)).context).toBeNull();
    expect(rig.logs.map((log) => [log.msg, log.incidentId, log.retryInMs])).toContainEqual([
      'incident context computation failed; retrying once',
      id,
      RETRY_DELAY_MS,
    ]);

    const context = await eventually(
      async () =>
        ((await rig?.alerting.incidents.get(id))?.context ?? undefined) as IncidentContext | undefined, // the stored context
      20_000, // generous: the retry runs after RETRY_DELAY_MS, but a loaded machine delays it
    );
    expect(context.snapshot).toBe(false);
    expect(context.fix.runbooks).toEqual([
      { title: 'DiskSpaceLow runbook', url: 'https://runbooks.example/disk' },
    ]);
    expect(Date.parse(context.computedAt)).toBeGreaterThan(Date.now() - 30_000);
    expect(rig.changeReads()).toBe(2);
  });

  it('is retried once only: a second failure waits for the periodic refresh', async () => {
    rig = await startRig(2);
    const id = await openIncident(rig);
    await eventually(async () => (rig?.changeReads() === 2 ? true : undefined), 20_000);
    await sleep(RETRY_DELAY_MS * 3);
    expect(rig.changeReads()).toBe(2);
    expect((await rig.alerting.incidents.get(id)).context).toBeNull();
    expect(rig.logs.map((log) => log.msg)).toContain(
      'incident context retry failed; the periodic refresh tries again',
    );
  });
});
