/**
 * An incident resolves when the present symptoms are gone, even if SLO burn-rate alerts (which
 * look back over their windows) still fire: real SQLite, the alert intake, incident service and
 * SLO evaluator as compose.ts wires them, on a pinned clock. Only the evaluator's RED counts are
 * given by the test (bad fraction per service), so the burn-rate alerts are the real ones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CairnConfigSchema } from '../../kernel/config-schema.ts';
import { createLogger } from '../../kernel/logger.ts';
import { type Alerting, composeAlerting } from '../../server/compose.ts';
import { migrateStateStore, openStateStore, type StateStore } from '../../stores/state/index.ts';
import { createChannelRegistry } from '../notify/index.ts';
import { emptyContextProvider } from './context-provider.ts';
import type { Incident } from './contract.ts';
import { createStaticTopology } from './topology.ts';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const QUIET_SECONDS = 300;
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000);
const iso = (minutes: number, seconds = 0) => at(minutes, seconds).toISOString();

interface Rig {
  alerting: Alerting;
  /** Moves the pinned clock to `minutes` (and `seconds`) after T0. */
  setClock(minutes: number, seconds?: number): void;
  /** Services whose SLO budget burns (half of their requests fail) from now on. */
  burning: Set<string>;
  symptom(status: 'firing' | 'resolved', service: string, startedMinute: number, fp?: string): Promise<void>;
  incident(): Promise<Incident>;
  close(): Promise<void>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** checkout calls payment: alerts of either join the other's incident (within two hops). */
async function startRig(): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-slo-lag-'));
  const state: StateStore = await openStateStore({ dataDir });
  await migrateStateStore(state);
  let now = at(0);
  const burning = new Set<string>();
  const config = CairnConfigSchema.parse({
    dataDir,
    alerts: { resolveQuietSeconds: QUIET_SECONDS, transientHoldSeconds: 0 },
    slo: {
      objectives: [
        { service: 'payment', availability: 99.9 },
        { service: 'checkout', availability: 99.9 },
      ],
    },
  });
  const logger = createLogger('error');
  const alerting = composeAlerting({
    db: state.db,
    dialect: state.dialect,
    config,
    publicUrl: () => 'http://localhost:7420',
    topology: createStaticTopology({ edges: [['checkout', 'payment']], entryPoints: [] }),
    owners: { ownerOf: async () => undefined },
    context: emptyContextProvider,
    catalogObjectives: { objectives: async () => [] },
    sloData: {
      counts: async (objective) => ({ total: 1000, bad: burning.has(objective.service) ? 500 : 0 }),
    },
    channels: createChannelRegistry({ logger }),
    clock: { now: () => new Date(now.getTime()) },
    logger,
  });
  let incidentId: string | undefined;
  return {
    alerting,
    burning,
    setClock: (minutes, seconds = 0) => {
      now = at(minutes, seconds);
    },
    symptom: async (status, service, startedMinute, fp = `err-${service}`) => {
      await alerting.intake.ingest([
        {
          source: 'alertmanager',
          fingerprint: fp,
          status,
          labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
          annotations: { summary: `${service} error rate above 5%` },
          startsAt: at(startedMinute),
          endsAt: status === 'resolved' ? now : null,
          groupKey: null,
          generatorUrl: null,
        },
      ]);
    },
    incident: async () => {
      if (!incidentId) {
        const [only, ...others] = await alerting.incidents.list(undefined, 10);
        expect(others).toEqual([]);
        incidentId = only?.id;
      }
      return alerting.incidents.get(incidentId ?? 'none');
    },
    close: async () => {
      await alerting.drain();
      await state.close();
    },
  };
}

/** One sweep at the pinned clock: SLO evaluation, then quiet resolution (as the scheduler runs them). */
async function sweep(r: Rig, minutes: number, seconds = 0): Promise<number> {
  r.setClock(minutes, seconds);
  await r.alerting.slo.evaluate();
  return r.alerting.incidents.resolveQuiet();
}

const alertStates = (incident: Incident) =>
  incident.alerts
    .map((alert) => `${alert.source} ${alert.rule} ${alert.service} ${alert.severity} ${alert.status}`)
    .sort();

describe('an incident whose SLO burn-rate alerts outlive its symptoms', () => {
  it('resolves after the quiet period once the same service’s symptom resolved, naming the burn-rate alerts left firing', async () => {
    rig = await startRig();
    await rig.symptom('firing', 'payment', 0);
    rig.burning.add('payment');
    expect(await sweep(rig, 2)).toBe(0);
    rig.setClock(10);
    await rig.symptom('resolved', 'payment', 0);
    expect(await sweep(rig, 14, 59)).toBe(0);
    expect((await rig.incident()).status).toBe('open');

    expect(await sweep(rig, 15)).toBe(1);
    const incident = await rig.incident();
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).toBe(iso(15));
    // The API still shows the burn-rate alerts firing: the budget is still recovering.
    expect(alertStates(incident)).toEqual([
      'alertmanager HighErrorRate payment critical resolved',
      'slo SLOAvailabilityBurnRate payment critical firing',
      'slo SLOAvailabilityBurnRate payment warning firing',
    ]);
    const resolved = incident.timeline.filter((entry) => entry.kind === 'resolved');
    expect(resolved.map((entry) => entry.message)).toEqual([
      'Resolved automatically: its symptom alerts resolved and stayed quiet; still firing: ' +
        'SLOAvailabilityBurnRate on payment (critical), SLOAvailabilityBurnRate on payment (warning). ' +
        'They did not hold it open: error budget still recovering (burn-rate alerts look back over ' +
        "their window), while payment's HighErrorRate resolved after they started",
    ]);
    expect(resolved[0]?.details).toEqual({
      by: 'auto',
      stillFiring: [
        {
          fingerprint: 'slo:payment:availability:page',
          rule: 'SLOAvailabilityBurnRate',
          service: 'payment',
          severity: 'critical',
          startsAt: iso(2),
          symptom: { fingerprint: 'err-payment', rule: 'HighErrorRate', endsAt: iso(10) },
        },
        {
          fingerprint: 'slo:payment:availability:ticket',
          rule: 'SLOAvailabilityBurnRate',
          service: 'payment',
          severity: 'warning',
          startsAt: iso(2),
          symptom: { fingerprint: 'err-payment', rule: 'HighErrorRate', endsAt: iso(10) },
        },
      ],
    });

    // When the budget stops burning later, the alerts resolve on the resolved incident: no new one.
    rig.burning.clear();
    expect(await sweep(rig, 90)).toBe(0);
    expect(alertStates(await rig.incident())).toEqual([
      'alertmanager HighErrorRate payment critical resolved',
      'slo SLOAvailabilityBurnRate payment critical resolved',
      'slo SLOAvailabilityBurnRate payment warning resolved',
    ]);
    expect((await rig.alerting.incidents.list(undefined, 10)).map((i) => i.status)).toEqual(['resolved']);
  });

  it('stays open while another service’s burn-rate alert fires with no resolved symptom of its own', async () => {
    rig = await startRig();
    await rig.symptom('firing', 'payment', 0);
    rig.burning.add('checkout');
    expect(await sweep(rig, 2)).toBe(0);
    rig.setClock(10);
    await rig.symptom('resolved', 'payment', 0);
    expect(await sweep(rig, 60)).toBe(0);
    const open = await rig.incident();
    expect(open.status).toBe('open');
    expect(open.services).toEqual(['payment', 'checkout']);
    expect(alertStates(open)).toEqual([
      'alertmanager HighErrorRate payment critical resolved',
      'slo SLOAvailabilityBurnRate checkout critical firing',
      'slo SLOAvailabilityBurnRate checkout warning firing',
    ]);

    // Once checkout's budget stops burning, the usual quiet period runs from there.
    rig.burning.clear();
    expect(await sweep(rig, 61)).toBe(0);
    expect(await sweep(rig, 65, 59)).toBe(0);
    expect(await sweep(rig, 66)).toBe(1);
    const incident = await rig.incident();
    expect(incident.resolvedAt).toBe(iso(66));
    expect(incident.timeline.filter((e) => e.kind === 'resolved').map((e) => [e.message, e.details])).toEqual(
      [['Resolved automatically: all alerts resolved and stayed quiet', { by: 'auto' }]],
    );
  });

  it('stays open when it is made of SLO burn-rate alerts only, until they resolve', async () => {
    rig = await startRig();
    rig.burning.add('payment');
    expect(await sweep(rig, 0)).toBe(0);
    expect(await sweep(rig, 120)).toBe(0);
    expect((await rig.incident()).status).toBe('open');
    rig.burning.clear();
    expect(await sweep(rig, 121)).toBe(0);
    expect(await sweep(rig, 126)).toBe(1);
    expect((await rig.incident()).status).toBe('resolved');
  });

  it('stays open when the burn-rate alert started after the symptom resolved', async () => {
    rig = await startRig();
    await rig.symptom('firing', 'payment', 0);
    rig.setClock(1);
    await rig.symptom('resolved', 'payment', 0);
    // The burn-rate alert fires a minute later, within the quiet period: it joins and holds.
    rig.burning.add('payment');
    expect(await sweep(rig, 2)).toBe(0);
    expect(await sweep(rig, 30)).toBe(0);
    const incident = await rig.incident();
    expect(incident.status).toBe('open');
    expect(alertStates(incident)).toEqual([
      'alertmanager HighErrorRate payment critical resolved',
      'slo SLOAvailabilityBurnRate payment critical firing',
      'slo SLOAvailabilityBurnRate payment warning firing',
    ]);
  });

  it('stays open when the symptom fires again within the quiet period, and restarts the period when it resolves', async () => {
    rig = await startRig();
    await rig.symptom('firing', 'payment', 0);
    rig.burning.add('payment');
    expect(await sweep(rig, 2)).toBe(0);
    rig.setClock(10);
    await rig.symptom('resolved', 'payment', 0);
    rig.setClock(12);
    await rig.symptom('firing', 'payment', 12);
    expect(await sweep(rig, 16)).toBe(0);
    expect((await rig.incident()).status).toBe('open');

    rig.setClock(20);
    await rig.symptom('resolved', 'payment', 12);
    expect(await sweep(rig, 24, 59)).toBe(0);
    expect(await sweep(rig, 25)).toBe(1);
    const incident = await rig.incident();
    expect(incident.resolvedAt).toBe(iso(25));
    const details = incident.timeline.find((e) => e.kind === 'resolved')?.details as {
      stillFiring: Array<{ symptom: { endsAt: string } }>;
    }; // written by resolve() with stillFiring
    expect(details.stillFiring.map((alert) => alert.symptom.endsAt)).toEqual([iso(20), iso(20)]);
  });
});
