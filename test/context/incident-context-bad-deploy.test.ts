/**
 * The done-when, end to end: frontend → checkout → payment instrumented with the real
 * OpenTelemetry SDK over OTLP, a real change event, an Alertmanager webhook, and the Mattermost page
 * captured by a local receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentContext } from '../../src/modules/context/index.ts';
import type { Incident } from '../../src/modules/incidents/index.ts';
import { type Hop, minutesBefore, type Scenario, startScenario } from './scenarios/context-scenario.ts';

const now = new Date();
const deployAt = minutesBefore(now, 11);
/** The frontend alert fires three minutes after the deploy. */
const onset = new Date(deployAt.getTime() + 3 * 60_000);

let scenario: Scenario;
let incident: Incident;
let deployId = '';

/** After the deploy every other request fails in payment with a new error, and the failure propagates up. */
const chain = (t: Date, n: number): Hop[] => {
  const broken = t.getTime() >= deployAt.getTime() + 20_000 && n % 2 === 0;
  return [
    { service: 'frontend', selfMs: 6 },
    { service: 'checkout', selfMs: 10 },
    {
      service: 'payment',
      selfMs: 8,
      ...(broken ? { error: `NullPointerException in PaymentService.charge for order ${n}` } : {}),
    },
  ];
};

beforeAll(async () => {
  scenario = await startScenario();
  let n = 0;
  await scenario.traffic({
    from: minutesBefore(now, 30),
    to: now,
    everyMs: 5_000,
    shape: (t) => chain(t, n++),
  });
  await scenario.change({
    service: 'payment',
    version: '1.3.2',
    previousVersion: '1.3.1',
    finishedAt: minutesBefore(now, 100).toISOString(),
  });
  deployId = await scenario.change({
    service: 'payment',
    kind: 'deploy',
    version: '1.4.0',
    previousVersion: '1.3.2',
    startedAt: new Date(deployAt.getTime() - 60_000).toISOString(),
    finishedAt: deployAt.toISOString(),
  });
  incident = await scenario.alert({
    name: 'FrontendErrors',
    service: 'frontend',
    startsAt: onset,
    annotations: { runbook_url: 'https://runbooks.example/frontend-errors' },
  });
  await scenario.receiver.waitFor(1, 60_000);
}, 180_000);

afterAll(async () => {
  await scenario?.close();
});

const getIncident = async () =>
  (await scenario.cairn.api<Incident>('GET', `/api/v1/incidents/${incident.id}`)).body;

describe('a bad payment deploy whose errors reach the frontend', () => {
  it('stores a context whose top suspect is the deploy, root cause payment, fix a rollback to v1.3.2', async () => {
    const context = (await getIncident()).context as IncidentContext | null;
    expect(context).not.toBeNull();
    if (!context) return;
    expect(context.suspects[0]?.change.id).toBe(deployId);
    expect(context.suspects[0]?.change.version).toBe('1.4.0');
    expect(context.suspects[0]?.score).toBeGreaterThanOrEqual(0.4);
    expect(context.suspects[0]?.reasons.slice(0, 2)).toEqual([
      'deploy payment v1.4.0 (was v1.3.2) took effect 3 min before onset',
      'payment is a callee of frontend (2 hops)',
    ]);
    expect(context.suspects[0]?.reasons[2]).toMatch(
      // Per-minute RED: "within 1 min" or "2 min" depending on where in its minute the deploy fell.
      /^payment error rate 0\.0% → (4\d|5\d)% within [12] min after deploy v1\.4\.0$/,
    );
    // The older deploy is listed too, without evidence against it.
    const older = context.suspects.find((s) => s.change.version === '1.3.2');
    expect(older?.score).toBeLessThan(0.2);
    expect(context.rootCauseServices[0]?.service).toBe('payment');
    expect(context.fix.rollback).toEqual({
      type: 'rollback',
      service: 'payment',
      fromVersion: '1.4.0',
      toVersion: '1.3.2',
    });
    expect(context.fix.runbooks).toEqual([
      { title: 'FrontendErrors runbook', url: 'https://runbooks.example/frontend-errors' },
    ]);
    expect(context.evidence.exemplarTraceIds.length).toBeGreaterThan(0);
    expect(context.evidence.topErrorTemplates[0]).toMatchObject({
      service: 'payment',
      template: 'NullPointerException in PaymentService.charge for order <num>',
    });
    expect(context.evidence.windows.onset).toBe(onset.toISOString());
  });

  it('measures impact on the user-facing frontend', async () => {
    const context = (await getIncident()).context as IncidentContext;
    expect(context.impact.entryPoints).toEqual(['frontend']);
    expect(context.impact.services.map((s) => s.service).sort()).toEqual(['checkout', 'frontend', 'payment']);
    const frontend = context.impact.services.find((s) => s.service === 'frontend');
    expect(frontend?.errorRate.current).toBeGreaterThan(0.4);
    expect(context.impact.requestsAffected).toBe(frontend?.errors);
    expect(context.impact.summary).toMatch(
      /^frontend \(user-facing\) error rate \d+\.\d% → \d+%.*; 3 services affected; \d+ failed requests since onset$/,
    );
  });

  it('pages Mattermost with the top suspect and the impact', async () => {
    const [page] = scenario.receiver.posts;
    if (!page) throw new Error('no page was posted');
    // Cairn's Mattermost channel posts its fields under props.cairn.
    const fields = (page.body.props as { cairn: Record<string, unknown> }).cairn;
    expect(fields.topSuspect).toMatch(
      /^deploy payment v1\.4\.0 \(was v1\.3\.2\) 3 min before onset; payment error rate 0\.0% → \d+% within [12] min after deploy v1\.4\.0$/,
    );
    expect(String(page.body.text)).toContain(
      'Top suspect: deploy payment v1.4.0 (was v1.3.2) 3 min before onset',
    );
    expect(fields.impact).toMatch(/^frontend \(user-facing\) error rate/);
    // A Cairn runbook for the alert (examples/runbooks/error-rate.md) wins over the alert's
    // runbook_url annotation: the page links to it on the incident.
    expect(fields.runbookUrl).toBe(`http://localhost:7420/incidents/${incident.id}#runbook-error-rate`);
  });

  it('writes each suspect change on the timeline once', async () => {
    await scenario.cairn.api('GET', `/api/v1/incidents/${incident.id}/context`);
    const changes = (await getIncident()).timeline.filter((entry) => entry.kind === 'change');
    expect(changes.map((entry) => entry.details.changeId).sort()).toHaveLength(2);
    expect(changes.find((entry) => entry.details.changeId === deployId)?.message).toMatch(
      /^deploy payment v1\.4\.0 \(was v1\.3\.2\) — suspect score 0\.\d\d$/,
    );
  });

  it('recomputes on demand as of `at`, and rejects a bad `at` naming the field', async () => {
    const at = new Date(onset.getTime() + 60_000);
    const { status, body } = await scenario.cairn.api<IncidentContext>(
      'GET',
      `/api/v1/incidents/${incident.id}/context?at=${at.getTime()}`,
    );
    expect(status).toBe(200);
    expect(body.computedAt).toBe(at.toISOString());
    expect(body.evidence.windows.at).toBe(at.toISOString());
    expect(body.suspects[0]?.change.id).toBe(deployId);
    const early = await scenario.cairn.api<{ error: { message: string } }>(
      'GET',
      `/api/v1/incidents/${incident.id}/context?at=${encodeURIComponent(minutesBefore(onset, 1).toISOString())}`,
    );
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/^at \(.+\) must be after the incident's onset/);
    const garbage = await scenario.cairn.api<{ error: { message: string } }>(
      'GET',
      `/api/v1/incidents/${incident.id}/context?at=yesterday`,
    );
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toContain('at');
    const missing = await scenario.cairn.api('GET', '/api/v1/incidents/nope/context');
    expect(missing.status).toBe(404);
  });

  it('snapshots the context at resolve and shows the incident as similar to the next one', async () => {
    await scenario.cairn.api('POST', `/api/v1/incidents/${incident.id}/resolve`);
    await scenario.cairn.runtime.alerting.drain();
    const resolved = (await getIncident()).context as IncidentContext;
    expect(resolved.snapshot).toBe(true);
    expect(resolved.suspects[0]?.change.id).toBe(deployId);

    const next = await scenario.alert({
      name: 'FrontendErrors',
      service: 'frontend',
      startsAt: new Date(Date.now() - 1000),
    });
    expect(next.id).not.toBe(incident.id);
    await scenario.cairn.runtime.alerting.drain();
    const { body } = await scenario.cairn.api<IncidentContext>('GET', `/api/v1/incidents/${next.id}/context`);
    expect(body.fix.similarIncidents).toEqual([
      {
        id: incident.id,
        title: 'FrontendErrors on frontend',
        resolvedAt: (await getIncident()).resolvedAt,
        resolution: expect.stringMatching(
          /^Resolved by .+ after (under 1|\d+) min; proposed fix: roll payment back from 1\.4\.0 to 1\.3\.2; top suspect: .+; root cause ranked first: payment$/,
        ),
      },
    ]);
  });
});
