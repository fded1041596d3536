import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/modules/alerts/index.ts';
import type { Incident, IncidentSummary } from '../../src/modules/incidents/index.ts';
import { type AlertingCairn, eventually, startAlertingCairn } from './support/alerting-cairn.ts';
import { type PostedAlert, type RunningAlertmanager, startAlertmanager } from './support/alertmanager.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/** checkout → payments → ledger, declared in the catalog: all three within two hops. */
function writeCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-storm-catalog-'));
  const component = (name: string, dependsOn: string[]) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-pay
  dependsOn: [${dependsOn.map((d) => `component:${d}`).join(', ')}]
`;
  writeFileSync(
    join(dir, 'catalog-info.yaml'),
    [component('checkout', ['payments']), component('payments', ['ledger']), component('ledger', [])].join(
      '---\n',
    ),
  );
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an alert storm through a real Alertmanager', () => {
  let cairn: AlertingCairn;
  let am: RunningAlertmanager;
  let mattermost: WebhookReceiver;

  beforeAll(async () => {
    mattermost = await startWebhookReceiver();
    cairn = await startAlertingCairn({
      catalog: { sources: [{ type: 'dir', path: writeCatalog() }] },
      alerts: {
        transientHoldSeconds: 4,
        resolveQuietSeconds: 3,
        flapping: { changes: 3, windowMinutes: 5 },
      },
      notify: { mattermostUrl: mattermost.url, retryInitialDelayMs: 50 },
      // No runbooks: a matching one would replace the alert's runbook_url on the page only when
      // its walk finishes within the page's context timeout, which this storm's timing does not fix.
      runbooks: { dir: mkdtempSync(join(tmpdir(), 'cairn-no-runbooks-')) },
    });
    am = await startAlertmanager({
      webhookUrl: `${cairn.url}/api/v1/integrations/alertmanager`,
      token: cairn.token,
    });
  }, 60_000);

  afterAll(async () => {
    await am?.stop();
    await cairn?.close();
    await mattermost?.close();
  });

  it('becomes one incident with one page; the flapping rule is named noisy; ack and resolve show in the timeline', async () => {
    const alert = (
      name: string,
      service: string,
      severity: string,
      extra: Record<string, string> = {},
    ): PostedAlert => ({
      labels: { alertname: name, service, severity, ...extra },
      annotations: { summary: `${name} on ${service}`, runbook_url: `https://runbooks.example/${name}` },
    });
    // 30 alerts on three connected services, in waves, well within a minute.
    const storm: PostedAlert[] = [];
    for (let i = 0; i < 10; i++)
      storm.push(alert('PaymentsErrors', 'payments', 'critical', { pod: `payments-${i}` }));
    for (let i = 0; i < 10; i++)
      storm.push(alert('CheckoutLatencyHigh', 'checkout', 'critical', { pod: `checkout-${i}` }));
    for (let i = 0; i < 10; i++)
      storm.push(alert('LedgerQueueBacklog', 'ledger', 'critical', { pod: `ledger-${i}` }));
    await am.post(storm.slice(0, 10));
    await sleep(1500);
    await am.post(storm.slice(10));
    // A handful of warnings that resolve quickly (before the transient hold ends).
    const warnings = [0, 1, 2].map((i) => alert('DiskSpaceLow', 'ledger', 'warning', { volume: `v${i}` }));
    await am.post(warnings);
    await sleep(1500);
    const past = new Date(Date.now() - 1000).toISOString();
    await am.post(warnings.map((w) => ({ ...w, endsAt: past })));
    // One flapping alert: fires and resolves repeatedly, each state reaching Cairn.
    const flappy = alert('CheckoutPodRestarting', 'checkout', 'warning');
    for (let cycle = 0; cycle < 3; cycle++) {
      await am.post([flappy]);
      await sleep(1300);
      await am.post([{ ...flappy, endsAt: new Date(Date.now() - 500).toISOString() }]);
      await sleep(1300);
    }

    const alerts = await eventually(async () => {
      const { body } = await cairn.api<{ items: Alert[] }>('GET', '/api/v1/alerts?limit=1000');
      return body.items.length === 34 ? body.items : undefined;
    });
    expect(
      alerts.filter((a) => a.rule === 'CheckoutPodRestarting').map((a) => [a.flapping, a.occurrences]),
    ).toEqual([[true, 3]]);
    const { body: incidents } = await cairn.api<{ items: IncidentSummary[] }>('GET', '/api/v1/incidents');
    expect(incidents.items).toHaveLength(1);
    const [summary] = incidents.items;
    if (!summary) throw new Error('no incident');
    expect(summary).toMatchObject({
      title: 'PaymentsErrors on payments',
      status: 'open',
      severity: 'critical',
      paged: true,
    });
    expect([...summary.services].sort()).toEqual(['checkout', 'ledger', 'payments']);

    // Exactly one page reached Mattermost, with the fields a responder needs.
    await mattermost.waitFor(1);
    await sleep(1000);
    const pages = mattermost.posts.filter(
      (p) => (p.body.props as { cairn: { kind: string } }).cairn.kind === 'page',
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]?.body.props).toEqual({
      cairn: {
        kind: 'page',
        incidentId: summary.id,
        title: 'PaymentsErrors on payments',
        severity: 'critical',
        services: ['payments'],
        impact: null,
        topSuspect: null,
        runbookUrl: 'https://runbooks.example/PaymentsErrors',
        runbookStep: null,
        incidentUrl: `http://localhost:7420/incidents/${summary.id}`,
      },
    });
    expect(pages[0]?.body.text).toContain('[CRITICAL] PaymentsErrors on payments');

    // Noise report: the flapping rule is named with a recommendation.
    const { body: noise } = await cairn.api<{
      items: Array<{ rule: string; flapping: number; recommendation: string | null }>;
    }>('GET', '/api/v1/alerts/noise');
    const flapping = noise.items.find((rule) => rule.rule === 'CheckoutPodRestarting');
    expect(flapping?.flapping).toBeGreaterThan(0);
    expect(flapping?.recommendation).toMatch(/^add `for: 10m`: it flapped/);
    expect(noise.items.find((rule) => rule.rule === 'DiskSpaceLow')).toMatchObject({
      fired: 3,
      resolvedWithin5m: 3,
      paged: 0,
    });

    // Acknowledge and resolve through the API; both land in the timeline.
    const ack = await cairn.api<Incident>('POST', `/api/v1/incidents/${summary.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    const resolved = await cairn.api<Incident>('POST', `/api/v1/incidents/${summary.id}/resolve`);
    expect(resolved.body.status).toBe('resolved');
    const kinds = resolved.body.timeline.map((entry) => entry.kind);
    expect(kinds[0]).toBe('opened');
    expect(kinds).toContain('alert-flapping');
    expect(kinds).toContain('notification-sent');
    expect(kinds.slice(-2)).toEqual(['acknowledged', 'resolved']);
    expect(resolved.body.timeline.at(-1)?.message).toBe('Resolved by token:bootstrap (admin (bootstrap))');
    expect(resolved.body.alerts).toHaveLength(34);

    // The resolution is posted too, and still only one page.
    const posts = await mattermost.waitFor(2);
    expect(posts.map((p) => (p.body.props as { cairn: { kind: string } }).cairn.kind)).toEqual([
      'page',
      'resolved',
    ]);
  }, 90_000);
});
