/**
 * Two Cairn replicas on one PostgreSQL take parts of one alert storm at the same moment. Both are
 * complete runtimes composed by compose.ts in this process; they share the data directory because
 * embedded chDB serves one directory per process (a real deployment gives each replica the same
 * ClickHouse server instead), and they share nothing else: each has its own connection pool,
 * intake queue, scheduler and HTTP listener.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentSummary } from '../../src/modules/incidents/index.ts';
import { createTempDatabase, postgresAvailable, type TempDatabase } from '../support/postgres.ts';
import { type AlertingCairn, startAlertingCairn } from './support/alerting-cairn.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/** Storms run one after another, each on its own chain of services. */
const ROUNDS = 6;

/** Per round r: web-r → api-r → db-r, declared in the catalog; web-r and db-r are two hops apart. */
function writeCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-replicas-catalog-'));
  const component = (name: string, dependsOn: string[]) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-shop
  dependsOn: [${dependsOn.map((d) => `component:${d}`).join(', ')}]
`;
  const components: string[] = [];
  for (let r = 0; r < ROUNDS; r++)
    components.push(
      component(`web-${r}`, [`api-${r}`]),
      component(`api-${r}`, [`db-${r}`]),
      component(`db-${r}`, []),
    );
  writeFileSync(join(dir, 'catalog-info.yaml'), components.join('---\n'));
  return dir;
}

/** One Alertmanager v4 notification carrying one firing alert. */
function notification(rule: string, service: string, fingerprint: string, startsAt: string) {
  return {
    version: '4',
    groupKey: `{}:{alertname="${rule}"}`,
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
        labels: { alertname: rule, service, severity: 'critical', pod: fingerprint },
        annotations: { summary: `${rule} on ${service}` },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example/graph',
        fingerprint,
      },
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(await postgresAvailable())('alert intake on two replicas sharing PostgreSQL', () => {
  let database: TempDatabase;
  let mattermost: WebhookReceiver;
  let first: AlertingCairn;
  let second: AlertingCairn;

  beforeAll(async () => {
    database = await createTempDatabase();
    mattermost = await startWebhookReceiver();
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-replicas-'));
    const config = {
      dataDir,
      state: { url: database.url },
      catalog: { sources: [{ type: 'dir' as const, path: writeCatalog() }] },
      notify: { mattermostUrl: mattermost.url, retryInitialDelayMs: 50 },
    };
    first = await startAlertingCairn(config);
    second = await startAlertingCairn(config);
    // Long-running replicas have their topology cached; an alert on a service outside the catalog
    // loads it on each, so the storm below races on the state store alone.
    const warmAt = new Date(Date.now() - 120_000).toISOString();
    for (const [replica, service] of [
      [first, 'batch-a'],
      [second, 'batch-b'],
    ] as const) {
      const { status } = await replica.api(
        'POST',
        '/api/v1/integrations/alertmanager',
        notification('JobLate', service, `warm-${service}`, warmAt),
      );
      expect(status).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await mattermost?.close();
    await database?.drop();
  });

  it('groups each storm split across both replicas into exactly one incident with one page', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const fingerprint = (rule: string, service: string, i: number) => `${rule}-${service}-${i}`;
    const viaIntake = (replica: AlertingCairn, rule: string, service: string) =>
      replica.runtime.alerting.intake.ingest([
        {
          source: 'alertmanager',
          fingerprint: fingerprint(rule, service, 0),
          status: 'firing',
          labels: { alertname: rule, service, severity: 'critical', pod: fingerprint(rule, service, 0) },
          annotations: { summary: `${rule} on ${service}` },
          startsAt: new Date(startsAt),
          endsAt: null,
          groupKey: `{}:{alertname="${rule}"}`,
          generatorUrl: null,
        },
      ]);
    const viaWebhook = async (replica: AlertingCairn, rule: string, service: string, i: number) =>
      (
        await replica.api(
          'POST',
          '/api/v1/integrations/alertmanager',
          notification(rule, service, fingerprint(rule, service, i), startsAt),
        )
      ).status;

    for (let r = 0; r < ROUNDS; r++) {
      // Each replica takes its own end of the chain, so without a shared decision each would open
      // its own incident. Which replica starts first alternates, so neither is always ahead.
      const [a, b] = r % 2 === 0 ? [first, second] : [second, first];
      // The storm's first alerts reach both replicas at the same moment: the decision that counts.
      const opened = await Promise.all([
        viaIntake(a, 'ErrorsHigh', `web-${r}`),
        viaIntake(b, 'LatencyHigh', `db-${r}`),
      ]);
      expect(opened.map((result) => result.accepted)).toEqual([1, 1]);
      // Then the rest of it, all at once on both, through the Alertmanager webhook.
      const answers = await Promise.all([
        viaWebhook(a, 'ErrorsHigh', `web-${r}`, 1),
        viaWebhook(a, 'ErrorsHigh', `web-${r}`, 2),
        viaWebhook(a, 'ErrorsHigh', `api-${r}`, 1),
        viaWebhook(a, 'ErrorsHigh', `api-${r}`, 2),
        viaWebhook(b, 'LatencyHigh', `db-${r}`, 1),
        viaWebhook(b, 'LatencyHigh', `db-${r}`, 2),
        viaWebhook(b, 'LatencyHigh', `api-${r}`, 1),
        viaWebhook(b, 'LatencyHigh', `api-${r}`, 2),
      ]);
      expect(answers).toEqual(Array(8).fill(200));
    }

    const { body: incidents } = await first.api<{ items: IncidentSummary[] }>(
      'GET',
      '/api/v1/incidents?limit=100',
    );
    const storms = incidents.items.filter((item) => !item.services.some((s) => s.startsWith('batch-')));
    expect(
      storms.map((item) => [...item.services].sort().join(' ')).sort(),
      'one incident per storm, holding all three services',
    ).toEqual(Array.from({ length: ROUNDS }, (_, r) => `api-${r} db-${r} web-${r}`).sort());
    expect(storms.every((item) => item.status === 'open' && item.paged)).toBe(true);
    for (const summary of storms) {
      // Every alert of the storm sits on its incident, whichever replica took it.
      const { body: incident } = await second.api<Incident>('GET', `/api/v1/incidents/${summary.id}`);
      expect(incident.alerts).toHaveLength(10);
      expect(incident.timeline.filter((entry) => entry.kind === 'opened')).toHaveLength(1);
      expect(incident.timeline.filter((entry) => entry.kind === 'alert-joined')).toHaveLength(9);
    }

    // Exactly one page per storm left the two replicas (plus one for each warm-up incident).
    await mattermost.waitFor(ROUNDS + 2);
    await sleep(1000);
    const paged = mattermost.posts
      .map((post) => (post.body.props as { cairn: { kind: string; incidentId: string } }).cairn) // our page shape
      .filter((page) => page.kind === 'page')
      .map((page) => page.incidentId);
    expect(paged.filter((id) => storms.some((item) => item.id === id)).sort()).toEqual(
      storms.map((item) => item.id).sort(),
    );
    expect(paged).toHaveLength(ROUNDS + 2);
  }, 90_000);
});
