/**
 * The other scenarios, each on its own services inside one Cairn: real OTel SDK traffic,
 * real change events, Alertmanager webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentContext } from '../../src/modules/context/index.ts';
import type { Incident } from '../../src/modules/incidents/index.ts';
import { type Hop, minutesBefore, type Scenario, startScenario } from './scenarios/context-scenario.ts';

const now = new Date();
const onset = minutesBefore(now, 8);
let scenario: Scenario;
const ids: Record<string, string> = {};

/** Waits for the page of `incident` (so its context is stored) and returns the context. */
async function contextOf(incident: Incident): Promise<{ context: IncidentContext; topSuspect: unknown }> {
  await scenario.cairn.runtime.alerting.drain();
  const page = scenario.receiver.posts.find(
    // Cairn's Mattermost channel posts its fields under props.cairn.
    (p) => (p.body.props as { cairn: { incidentId: string } }).cairn.incidentId === incident.id,
  );
  const { body } = await scenario.cairn.api<Incident>('GET', `/api/v1/incidents/${incident.id}`);
  // Stored by the context engine in the shape IncidentContextSchema describes.
  const context = body.context as IncidentContext;
  if (!page) throw new Error(`no page for incident ${incident.id}`);
  // Cairn's Mattermost channel posts its fields under props.cairn.
  return { context, topSuspect: (page.body.props as { cairn: { topSuspect: unknown } }).cairn.topSuspect };
}

const at = (minutes: number) => new Date(onset.getTime() + minutes * 60_000);

beforeAll(async () => {
  scenario = await startScenario();
  const from = minutesBefore(now, 30);
  const after = (t: Date, minutes: number) => t.getTime() >= at(minutes).getTime();
  // (b) inventory turns slow at onset; nothing changed on it.
  await scenario.traffic({
    from,
    to: now,
    everyMs: 5_000,
    shape: (t): Hop[] => [
      { service: 'storefront', selfMs: 5 },
      { service: 'basket', selfMs: 8 },
      { service: 'inventory', selfMs: after(t, 0) ? 900 : 15 },
    ],
  });
  // (c) billing fails after its deploy at onset − 3 min; orders was deployed at onset − 6 min.
  let n = 0;
  await scenario.traffic({
    from,
    to: now,
    everyMs: 5_000,
    shape: (t): Hop[] => {
      const i = n++;
      const broken = t.getTime() >= at(-3).getTime() + 20_000 && i % 2 === 0;
      return [
        { service: 'web', selfMs: 5 },
        { service: 'orders', selfMs: 8 },
        {
          service: 'billing',
          selfMs: 6,
          ...(broken ? { error: `ledger write rejected for invoice ${i}` } : {}),
        },
      ];
    },
  });
  // (d) every service of shop → cart → stock slows at onset, 2 min after an infrastructure change.
  await scenario.traffic({
    from,
    to: now,
    everyMs: 5_000,
    shape: (t): Hop[] => [
      { service: 'shop', selfMs: after(t, 0) ? 400 : 5 },
      { service: 'cart', selfMs: after(t, 0) ? 400 : 8 },
      { service: 'stock', selfMs: after(t, 0) ? 400 : 6 },
    ],
  });
  ids.basketDeploy = await scenario.change({
    service: 'basket',
    version: '2.0.0',
    previousVersion: '1.9.0',
    finishedAt: at(-3).toISOString(),
  });
  ids.storefrontConfig = await scenario.change({
    service: 'storefront',
    kind: 'config',
    description: 'raise timeout',
    finishedAt: at(-15).toISOString(),
  });
  ids.ordersDeploy = await scenario.change({
    service: 'orders',
    version: '3.1.0',
    previousVersion: '3.0.9',
    finishedAt: at(-6).toISOString(),
  });
  ids.billingDeploy = await scenario.change({
    service: 'billing',
    version: '5.2.0',
    previousVersion: '5.1.4',
    finishedAt: at(-3).toISOString(),
  });
  ids.infra = await scenario.change({
    service: 'k8s-prod',
    kind: 'infra',
    description: 'node pool upgrade',
    finishedAt: at(-2).toISOString(),
  });
  ids.cartDeploy = await scenario.change({
    service: 'cart',
    version: '7.0.0',
    finishedAt: at(-40).toISOString(),
  });
  ids.ledgerDeploy = await scenario.change({
    service: 'ledger',
    version: '0.9.0',
    previousVersion: '0.8.0',
    finishedAt: at(-10).toISOString(),
  });
}, 180_000);

afterAll(async () => {
  await scenario?.close();
});

describe('incident context scenarios', () => {
  it('blames no change for a slow dependency that did not change; the slow service is the root cause', async () => {
    const incident = await scenario.alert({ name: 'StorefrontSlow', service: 'storefront', startsAt: onset });
    const { context, topSuspect } = await contextOf(incident);
    expect(context.rootCauseServices[0]?.service).toBe('inventory');
    expect(context.suspects.map((s) => s.change.id).sort()).toEqual(
      [ids.basketDeploy, ids.storefrontConfig, ids.infra].sort(),
    );
    for (const suspect of context.suspects) expect(suspect.score).toBeLessThan(0.4);
    const basket = context.suspects.find((s) => s.change.id === ids.basketDeploy);
    expect(basket?.reasons[2]).toMatch(
      /^basket p99 \d+ ms → \d+ ms within [34] min after deploy v2\.0\.0, but inventory, a callee ranked higher as root cause, explains it: no shift of its own after this change$/,
    );
    const config = context.suspects.find((s) => s.change.id === ids.storefrontConfig);
    expect(config?.reasons[2]).toMatch(/^no shift after this change: storefront /);
    expect(context.fix.rollback).toBeNull();
    expect(topSuspect).toBe('no recorded change correlates; most likely root cause: inventory');
  });

  it('of two deploys minutes apart, blames the one whose service shifted', async () => {
    const incident = await scenario.alert({ name: 'WebErrors', service: 'web', startsAt: onset });
    const { context, topSuspect } = await contextOf(incident);
    expect(context.suspects[0]?.change.id).toBe(ids.billingDeploy);
    expect(context.suspects[0]?.score).toBeGreaterThanOrEqual(0.4);
    const orders = context.suspects.find((s) => s.change.id === ids.ordersDeploy);
    expect(orders?.score).toBeLessThan(0.4);
    expect(orders?.reasons[2]).toMatch(
      // Per-minute RED: one minute more or less depending on where in its minute the deploy fell.
      /^orders error rate 0\.0% → \d+% within [45] min after deploy v3\.1\.0, but billing, a callee ranked higher as root cause, explains it/,
    );
    expect(context.rootCauseServices[0]?.service).toBe('billing');
    expect(context.fix.rollback).toEqual({
      type: 'rollback',
      service: 'billing',
      fromVersion: '5.2.0',
      toVersion: '5.1.4',
    });
    expect(topSuspect).toMatch(
      /^deploy billing v5\.2\.0 \(was v5\.1\.4\) 3 min before onset; billing error rate 0\.0% → \d+% within [12] min/,
    );
  });

  it('ranks an infrastructure change first when every service around the incident shifted right after it', async () => {
    const incident = await scenario.alert({ name: 'ShopSlow', service: 'shop', startsAt: onset });
    const { context, topSuspect } = await contextOf(incident);
    expect(context.suspects[0]?.change.id).toBe(ids.infra);
    expect(context.suspects[0]?.score).toBeGreaterThanOrEqual(0.4);
    expect(context.suspects[0]?.reasons).toEqual([
      'infra k8s-prod: node pool upgrade took effect 2 min before onset',
      'infrastructure change (k8s-prod): it can affect every service',
      'error rate or p99 shifted within 10 min after it on 3 of 3 services around the incident, each with an anomaly of its own: cart, shop, stock',
    ]);
    const cart = context.suspects.find((s) => s.change.id === ids.cartDeploy);
    expect(cart?.score).toBeLessThan(0.2);
    expect(context.fix.rollback).toBeNull();
    expect(topSuspect).toMatch(
      /^infra k8s-prod: node pool upgrade 2 min before onset; error rate or p99 shifted/,
    );
  });

  it('says plainly that an incident without telemetry has none, and blames nothing', async () => {
    const incident = await scenario.alert({ name: 'LedgerDown', service: 'ledger', startsAt: onset });
    const { context } = await contextOf(incident);
    expect(context.impact.telemetry).toBe(false);
    expect(context.impact.summary).toMatch(
      /^No traces are stored for ledger or the services around it since .+, so impact cannot be measured\.$/,
    );
    expect(context.evidence.summary).toMatch(
      /^No traces are stored for ledger or the services around it between .+, so no root cause can be ranked/,
    );
    expect(context.rootCauseServices).toEqual([]);
    const ledger = context.suspects.find((s) => s.change.id === ids.ledgerDeploy);
    expect(ledger?.reasons[2]).toBe(
      'ledger served no requests around this change, so no shift can be checked',
    );
    expect(ledger?.score).toBeLessThan(0.2);
    expect(context.fix.rollback).toBeNull();
  });
});
