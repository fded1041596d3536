/**
 * The done-when for DORA: a history posted through the real API (changes, Alertmanager
 * alerts, an incident resolved by hand) gives exactly the five values the definitions give.
 *
 * Incidents open when their alert arrives, so the history ends now: deploys days ago at known
 * times, and the incidents with the deploys around them now. The context engine needs service
 * telemetry to name a deploy with confidence (test/context/incident-context-bad-deploy.test.ts
 * proves it does); here its stored answer is written the way the engine saves it, once the
 * resolved incident's context is frozen, so this test is about attribution and arithmetic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/modules/changes/index.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import { createIncidentStore, type Incident } from '../../src/modules/incidents/index.ts';
import { callAsAdmin, type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe.each(await stateTargets())('GET /api/v1/dora on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  const N = Date.now();
  const from = new Date(N - 13 * DAY).toISOString();
  const to = new Date(N + DAY).toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  let d3: Change;
  let d4: Change;
  let incidentId = '';

  const api = <T>(method: 'GET' | 'POST', url: string, payload?: unknown) =>
    callAsAdmin<T>(cairn, method, url, payload);
  const change = async (body: Record<string, unknown>): Promise<Change> => {
    const response = await api<{ change: Change }>('POST', '/api/v1/changes', body);
    expect(response.status).toBe(201);
    return response.body.change;
  };
  const alert = async (name: string, service: string): Promise<Incident> => {
    const response = await api('POST', '/api/v1/integrations/alertmanager', {
      version: '4',
      groupKey: `{}:{alertname="${name}"}`,
      status: 'firing',
      receiver: 'cairn',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am.example',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: name, service, severity: 'critical' },
          annotations: { summary: `${name} on ${service}` },
          startsAt: iso(Date.now()),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example/graph',
          fingerprint: `${name}-${service}`,
        },
      ],
    });
    expect(response.status).toBeLessThan(300);
    const list = await api<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/incidents');
    const found = list.body.items.find((i) => i.title === `${name} on ${service}`);
    if (!found) throw new Error(`no incident for ${name}`);
    return (await api<Incident>('GET', `/api/v1/incidents/${found.id}`)).body;
  };
  const dora = (query: string) => api<DoraReport>('GET', `/api/v1/dora?${query}`);

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess(state.url ? { stateUrl: state.url } : {});
    const deploy = (service: string, version: string, atMs: number, commitsAgoMs: number[], extra = {}) =>
      change({
        service,
        version,
        finishedAt: iso(atMs),
        commits: commitsAgoMs.map((ago, i) => ({ sha: `${service}-${version}-${i}`, at: iso(atMs - ago) })),
        ...extra,
      });
    // The previous window: one clean deploy, 10 h after its commit.
    await deploy('payment', '1.0', N - 20 * DAY, [10 * HOUR]);
    // This window, days ago.
    await deploy('payment', '1.1', N - 12 * DAY, [HOUR, 3 * HOUR], { previousVersion: '1.0' });
    await deploy('payment', '1.2', N - 11 * DAY, [2 * HOUR], { previousVersion: '1.1' });
    await change({
      service: 'payment',
      kind: 'rollback',
      version: '1.1',
      finishedAt: iso(N - 11 * DAY + 30 * MIN),
    });
    await deploy('payment', '1.3', N - 10 * DAY, [6 * HOUR]);
    // Not deployments: staging, a failed deploy, a config change.
    await deploy('payment', '9.9', N - 9 * DAY, [HOUR], { environment: 'staging' });
    await deploy('payment', '9.8', N - 9 * DAY, [HOUR], { status: 'failed' });
    await change({ service: 'payment', kind: 'config', finishedAt: iso(N - 9 * DAY) });

    // Now: a cart deploy 3 h ago breaks cart; a hotfix while its incident is open; resolved by hand.
    d3 = await deploy('cart', '7', N - 3 * HOUR, [4 * HOUR]);
    const cartIncident = await alert('CartErrors', 'cart');
    incidentId = cartIncident.id;
    d4 = await change({ service: 'cart', version: '7.1' });
    expect((await api('POST', `/api/v1/incidents/${incidentId}/resolve`)).status).toBe(200);
    const frozen = await waitFor(async () => {
      const incident = (await api<Incident>('GET', `/api/v1/incidents/${incidentId}`)).body;
      return incident.context?.snapshot === true ? incident.context : undefined;
    });
    await createIncidentStore(cairn.runtime.state.db).update(incidentId, {
      context: JSON.stringify({
        ...frozen,
        suspects: [
          { change: d3, score: 0.55, reasons: ['cart error rate 0.0% → 40% within 1 min after deploy v7'] },
        ],
      }),
    });
    // A payment incident, no confident suspect, open while payment deploys again: rework, not failure.
    await alert('PaymentLatency', 'payment');
    await change({ service: 'payment', version: '1.4' });
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('gives the five metrics, their levels and trends for the organisation', async () => {
    const { status, body } = await dora(`scope=org&from=${from}&to=${to}`);
    expect(status).toBe(200);
    const d3At = Date.parse(d3.at);
    const d4At = Date.parse(d4.at);
    expect(body.services).toEqual(['cart', 'payment']);
    expect(body.environments).toEqual(['production']);
    expect(body.deploymentFrequency).toEqual({
      deployments: 7,
      perDay: 0.5,
      // Week 1: days 1, 2, 3; week 2: days 12 and 13.
      medianDeployDaysPerWeek: 2.5,
      bucket: 'daily-to-weekly',
      level: 'high',
      previousPerDay: 1 / 14,
      trend: 'better',
    });
    expect(body.changeLeadTime).toEqual({
      commits: 5,
      medianMs: 3 * HOUR,
      p90Ms: 5.2 * HOUR,
      level: 'elite',
      previousMedianMs: 10 * HOUR,
      trend: 'better',
    });
    expect(body.changeFailRate).toMatchObject({
      failed: 2,
      deployments: 7,
      percent: (2 / 7) * 100,
      level: 'low',
      previousPercent: 0,
      trend: 'worse',
    });
    const [rolledBack, suspect] = body.changeFailRate.failures;
    expect(rolledBack?.version).toBe('1.2');
    expect(rolledBack?.reasons).toEqual([
      expect.stringMatching(/^rolled back to v1\.1 30 min later \(.+\)$/),
    ]);
    expect(suspect?.deploymentId).toBe(d3.id);
    expect(suspect?.reasons).toEqual([
      `deploy cart v7 is the confident top suspect (score 0.55) of incident ${incidentId} "CartErrors on cart"`,
      `deploy cart v7.1 followed 3 h later while incident ${incidentId} was open (hotfix)`,
    ]);
    expect(suspect?.recoveredAt).toBe(d4.at);
    expect(body.recoveryTime).toEqual({
      recovered: 2,
      unrecovered: 0,
      medianMs: (30 * MIN + (d4At - d3At)) / 2,
      level: 'high',
      previousMedianMs: null,
      trend: null,
    });
    expect(body.reworkRate).toEqual({
      // The rollback, the hotfix, and the payment deploy during the payment incident.
      rework: 3,
      deployments: 7,
      percent: (3 / 7) * 100,
      level: null,
      previousPercent: 0,
      trend: 'worse',
    });
    expect(body.weeks.map((w) => [w.deployments, w.failed])).toEqual([
      [4, 1],
      [3, 1],
    ]);
  });

  it('narrows to one service', async () => {
    const { body } = await dora(`scope=service&name=cart&from=${from}&to=${to}`);
    expect(body.services).toEqual(['cart']);
    expect(body.changeFailRate.failed).toBe(1);
    expect(body.changeFailRate.percent).toBe(50);
    expect(body.reworkRate.rework).toBe(1);
    expect(body.changeLeadTime.medianMs).toBe(4 * HOUR);
  });

  it('answers 400 naming the field for bad input', async () => {
    const noName = await dora('scope=team');
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({
      error: { code: 'invalid_input', message: 'query.name: required for scope team' },
    });
    const badScope = await dora('scope=galaxy');
    expect(badScope.status).toBe(400);
    expect(JSON.stringify(badScope.body)).toContain('scope');
    const reversed = await dora(`from=${to}&to=${from}`);
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body)).toContain('query.from');
    const badTime = await dora('from=yesterday');
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(badTime.body)).toContain('from');
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
