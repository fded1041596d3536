import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/modules/alerts/index.ts';
import type { Incident, IncidentSummary } from '../../src/modules/incidents/index.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';
import { type AlertingCairn, eventually, startAlertingCairn } from './support/alerting-cairn.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/** An Alertmanager v4 webhook body, as Alertmanager sends it. */
function notification(
  alerts: Array<{
    name: string;
    service: string;
    severity?: string;
    status?: 'firing' | 'resolved';
    startsAt: string;
    endsAt?: string;
    fp: string;
  }>,
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    status: 'firing',
    receiver: 'cairn',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am.example',
    truncatedAlerts: 0,
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: a.name, service: a.service, severity: a.severity ?? 'critical' },
      annotations: { summary: `${a.name} on ${a.service}` },
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example/graph',
      fingerprint: a.fp,
    })),
  };
}

// Alerts, silences and incidents live in the state store: the same suite on SQLite and PostgreSQL.
describe.each(await stateTargets())('alert intake and the incident lifecycle on $dialect', (target) => {
  let cairn: AlertingCairn;
  let receiver: WebhookReceiver;
  let state: StateTarget;
  const hook = (body: unknown) =>
    cairn.api<Record<string, unknown>>('POST', '/api/v1/integrations/alertmanager', body);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    state = await target.create();
    cairn = await startAlertingCairn({
      state: { url: state.url },
      alerts: { resolveQuietSeconds: 1, transientHoldSeconds: 2 },
      notify: {
        channels: { payments: { kind: 'mattermost', url: receiver.url } },
        routes: [{ service: 'billing', channel: 'payments' }],
        retryAttempts: 3,
        retryInitialDelayMs: 20,
      },
    });
  }, 60_000);

  afterAll(async () => {
    await cairn?.close();
    await receiver?.close();
    await state?.dispose();
  });

  it('answers 400 naming the field for a bad payload, and 401 without a token', async () => {
    const bad = await hook({ version: '3', alerts: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('version');
    const noName = await hook({
      version: '4',
      alerts: [{ status: 'firing', labels: {}, startsAt: 'x', fingerprint: 'f' }],
    });
    expect(noName.status).toBe(400);
    expect(JSON.stringify(noName.body)).toMatch(/alertname|startsAt/);
    const anonymous = await fetch(`${cairn.url}/api/v1/integrations/alertmanager`, {
      method: 'POST',
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });

  it('treats a repeated delivery (Alertmanager HA) as a no-op', async () => {
    const body = notification([
      {
        name: 'Dup',
        service: 'dupsvc',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        fp: 'dup1',
      },
    ]);
    expect((await hook(body)).body).toEqual({ received: 1, accepted: 1, duplicates: 0 });
    expect((await hook(body)).body).toEqual({ received: 1, accepted: 0, duplicates: 1 });
    const { body: list } = await cairn.api<{ items: Alert[] }>('GET', '/api/v1/alerts?status=firing');
    expect(list.items.filter((a) => a.fingerprint === 'dup1').map((a) => a.occurrences)).toEqual([1]);
  });

  it('pages a critical incident on its routed channel, retries a failed delivery, and resolves after the quiet period', async () => {
    receiver.failNext(1, 503);
    const startsAt = new Date().toISOString();
    await hook(notification([{ name: 'BillingDown', service: 'billing', startsAt, fp: 'bill1' }]));
    const [page] = await receiver.waitFor(1);
    const { body: open } = await cairn.api<{ items: IncidentSummary[] }>(
      'GET',
      '/api/v1/incidents?status=open',
    );
    const incident = open.items.find((i) => i.title === 'BillingDown on billing');
    expect(page?.body.text).toBe(
      [
        '[CRITICAL] BillingDown on billing',
        'Services: billing',
        'Impact: not yet known',
        'Top suspect: none found yet',
        'Runbook: none linked',
        `Incident: http://localhost:7420/incidents/${incident?.id}`,
      ].join('\n'),
    );
    expect(incident?.paged).toBe(true);

    await hook(
      notification([
        {
          name: 'BillingDown',
          service: 'billing',
          status: 'resolved',
          startsAt,
          endsAt: new Date().toISOString(),
          fp: 'bill1',
        },
      ]),
    );
    const resolved = await eventually(async () => {
      await cairn.runtime.scheduler.runAllNow();
      const { body } = await cairn.api<Incident>('GET', `/api/v1/incidents/${incident?.id}`);
      return body.status === 'resolved' ? body : undefined;
    });
    await cairn.runtime.alerting.drain();
    const { body: final } = await cairn.api<Incident>('GET', `/api/v1/incidents/${incident?.id}`);
    const sent = final.timeline.filter((e) => e.kind === 'notification-sent');
    expect(sent.map((e) => [e.details.kind, e.details.channel, e.details.attempts, e.details.error])).toEqual(
      [
        ['page', 'payments', 2, 'webhook answered 503'],
        ['resolved', 'payments', 1, undefined],
      ],
    );
    expect(resolved.timeline.find((e) => e.kind === 'resolved')?.message).toBe(
      'Resolved automatically: all alerts resolved and stayed quiet',
    );
    expect(receiver.posts.map((p) => (p.body.props as { cairn: { kind: string } }).cairn.kind)).toEqual([
      'page',
      'resolved',
    ]);
  });

  it('keeps an unrelated service in its own incident', async () => {
    const startsAt = new Date().toISOString();
    await hook(
      notification([
        { name: 'A', service: 'island-a', startsAt, fp: 'ia' },
        { name: 'B', service: 'island-b', startsAt, fp: 'ib' },
      ]),
    );
    const { body } = await cairn.api<{ items: IncidentSummary[] }>('GET', '/api/v1/incidents');
    const titles = body.items.map((i) => i.title);
    expect(titles).toContain('A on island-a');
    expect(titles).toContain('B on island-b');
  });

  it('names a warning incident after the critical alert that escalates it', async () => {
    const startsAt = new Date().toISOString();
    await hook(
      notification([{ name: 'DiskFilling', service: 'ledger', severity: 'warning', startsAt, fp: 'l1' }]),
    );
    await hook(notification([{ name: 'LedgerDown', service: 'ledger', startsAt, fp: 'l2' }]));
    const { body } = await cairn.api<{ items: IncidentSummary[] }>('GET', '/api/v1/incidents?status=open');
    const ledger = body.items.filter((i) => i.services.includes('ledger'));
    expect(ledger.map((i) => [i.title, i.severity])).toEqual([['LedgerDown on ledger', 'critical']]);
  });

  it('records a silenced alert without opening an incident or paging', async () => {
    const created = await cairn.api<{ id: string; active: boolean }>('POST', '/api/v1/silences', {
      kind: 'maintenance',
      matchers: [{ name: 'service', value: 'maint.*', isRegex: true }],
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      comment: 'db upgrade',
    });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(true);
    const before = (await cairn.api<{ items: IncidentSummary[] }>('GET', '/api/v1/incidents')).body.items
      .length;
    await hook(
      notification([
        { name: 'MaintNoise', service: 'maint-db', startsAt: new Date().toISOString(), fp: 'm1' },
      ]),
    );
    const { body: alerts } = await cairn.api<{ items: Alert[] }>('GET', '/api/v1/alerts');
    expect(alerts.items.find((a) => a.fingerprint === 'm1')).toMatchObject({
      silencedBy: created.body.id,
      incidentId: null,
    });
    expect(
      (await cairn.api<{ items: IncidentSummary[] }>('GET', '/api/v1/incidents')).body.items,
    ).toHaveLength(before);

    const badRegex = await cairn.api<{ error: { message: string } }>('POST', '/api/v1/silences', {
      matchers: [{ name: 'service', value: '(', isRegex: true }],
      endsAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.error.message).toContain('matchers.0.value');
    expect((await cairn.api('DELETE', `/api/v1/silences/${created.body.id}`)).status).toBe(204);
    const { body: active } = await cairn.api<{ items: unknown[] }>('GET', '/api/v1/silences?active=true');
    expect(active.items).toEqual([]);
  });

  it('refuses to acknowledge a resolved incident and 404s an unknown one', async () => {
    const missing = await cairn.api<{ error: { code: string } }>(
      'POST',
      '/api/v1/incidents/nope/acknowledge',
    );
    expect(missing.status).toBe(404);
    const { body } = await cairn.api<{ items: IncidentSummary[] }>(
      'GET',
      '/api/v1/incidents?status=resolved',
    );
    const id = body.items[0]?.id;
    const conflict = await cairn.api<{ error: { message: string } }>(
      'POST',
      `/api/v1/incidents/${id}/acknowledge`,
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toBe(`incident "${id}" is resolved; it cannot be acknowledged`);
  });
});
