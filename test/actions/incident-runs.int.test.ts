/**
 * Runs started from an incident: linked to it (stored, returned, filtered), every state change on
 * its timeline in order, and the run's page linked from updates to the Mattermost channel the
 * incident paged (a loopback receiver: incoming webhooks are plain HTTP posts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/modules/incidents/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../alerts/support/webhook-receiver.ts';
import { runCairn } from '../support/start-cairn.ts';
import { stateTargets } from '../support/state-dialects.ts';
import { type ActionsWorld, startActionsWorld } from './actions-world.ts';

interface RunBody {
  id: string;
  state: string;
  message: string | null;
  incidentId: string | null;
}

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

/** Polls until `read` returns a value `done` accepts; the last value otherwise, after the timeout. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(await stateTargets())('runs started from an incident on $dialect', (target) => {
  let world: ActionsWorld;
  let mattermost: WebhookReceiver;
  let dispose: () => Promise<void>;
  let incidentId: string;

  const runLines = async (runId: string) =>
    (await json<Incident>(world.admin(`/api/v1/incidents/${incidentId}`))).timeline
      .filter((entry) => entry.kind === 'action-run' && entry.details.runId === runId)
      .map((entry) => entry.message);
  const linesUntil = (runId: string, count: number) =>
    eventually(
      () => runLines(runId),
      (lines) => lines.length >= count,
    );
  const runPosts = (runId: string) =>
    mattermost.posts.filter(
      (post) => (post.body.props as { cairn: { runId?: string } }).cairn.runId === runId,
    );
  const start = (action: string, body: Record<string, unknown>) =>
    world.as(world.people.grace, `/api/v1/actions/${action}/runs`, { method: 'POST', body });

  beforeAll(async () => {
    const state = await target.create();
    dispose = state.dispose;
    mattermost = await startWebhookReceiver();
    world = await startActionsWorld(state.url, { notify: { mattermostUrl: mattermost.url } });
    const fired = await world.admin('/api/v1/integrations/alertmanager', {
      method: 'POST',
      body: {
        version: '4',
        groupKey: '{}:{alertname="PaymentErrors"}',
        status: 'firing',
        receiver: 'cairn',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://alertmanager.example',
        truncatedAlerts: 0,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'PaymentErrors', service: 'payment', severity: 'critical' },
            annotations: { summary: 'Payment errors above 5%' },
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.example/graph',
            fingerprint: 'payment-errors',
          },
        ],
      },
    });
    expect(fired.status).toBe(200);
    await mattermost.waitFor(1, 30_000);
    const incidents = await json<{ items: Array<{ id: string; title: string }> }>(
      world.admin('/api/v1/incidents'),
    );
    const incident = incidents.items.find((item) => item.title === 'Payment errors above 5%');
    if (!incident) throw new Error('the alert opened no incident');
    incidentId = incident.id;
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    await mattermost?.close();
    await dispose?.();
  });

  it('refuses an unknown incident with 400 naming body.incidentId, and nothing runs', async () => {
    const before = world.receiver.calls.length;
    const refused = await start('scale', {
      service: 'email',
      inputs: { replicas: 2 },
      incidentId: 'no-such-incident',
    });
    expect(refused.status).toBe(400);
    expect((await json<{ error: { message: string } }>(refused)).error.message).toBe(
      'body.incidentId: no incident "no-such-incident"',
    );
    expect(world.receiver.calls.length).toBe(before);
    expect(
      (await json<{ items: unknown[] }>(world.admin('/api/v1/runs?incident=no-such-incident'))).items,
    ).toEqual([]);
  });

  it('rolls payment back from the incident: the run is linked, each state change lands on the timeline in order, and Mattermost gets the run link when it starts and ends', async () => {
    const started = await start('rollback', {
      service: 'payment',
      inputs: { environment: 'production', version: '1.3.2' },
      incidentId,
    });
    expect(started.status).toBe(201);
    const run = await json<RunBody>(started);
    expect(run).toMatchObject({ state: 'waiting_for_approval', incidentId });
    expect((await json<RunBody>(world.admin(`/api/v1/runs/${run.id}`))).incidentId).toBe(incidentId);
    const linked = await json<{ items: RunBody[] }>(world.admin(`/api/v1/runs?incident=${incidentId}`));
    expect(linked.items.map((item) => item.id)).toEqual([run.id]);

    const approved = await world.as(world.people.pat, `/api/v1/runs/${run.id}/approve`, {
      method: 'POST',
      body: { comment: 'errors since 1.4.0, go' },
    });
    expect(approved.status).toBe(200);

    const subject = `Run ${run.id} (Roll back on payment)`;
    expect(await linesUntil(run.id, 4)).toEqual([
      `${subject} requested by Grace Hopper: waiting for approval`,
      `${subject} approved by pat: errors since 1.4.0, go`,
      `${subject} running`,
      `${subject} succeeded: done`,
    ]);
    const entries = (await json<Incident>(world.admin(`/api/v1/incidents/${incidentId}`))).timeline.filter(
      (entry) => entry.kind === 'action-run',
    );
    expect(entries.map((entry) => entry.details)).toEqual(
      ['waiting_for_approval', 'queued', 'running', 'succeeded'].map((state) => ({
        runId: run.id,
        action: 'rollback',
        state,
        runUrl: `${world.url}/runs/${run.id}`,
      })),
    );

    // The incident lists the run with the run API's own times, linking its page.
    const done = await json<RunBody & { createdAt: string; startedAt: string; finishedAt: string }>(
      world.admin(`/api/v1/runs/${run.id}`),
    );
    expect(done.startedAt).not.toBeNull();
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect((await json<Incident>(world.admin(`/api/v1/incidents/${incidentId}`))).runs).toEqual([
      {
        id: run.id,
        action: 'rollback',
        actionTitle: 'Roll back',
        service: 'payment',
        state: 'succeeded',
        actor: 'Grace Hopper',
        requestedAt: done.createdAt,
        startedAt: done.startedAt,
        finishedAt: done.finishedAt,
        link: `${world.url}/runs/${run.id}`,
      },
    ]);

    await eventually(
      async () => runPosts(run.id),
      (posts) => posts.length >= 2,
    );
    const posts = runPosts(run.id);
    expect(posts.map((post) => post.body.text)).toEqual([
      [
        `${subject} requested by Grace Hopper: waiting for approval`,
        `Run: ${world.url}/runs/${run.id}`,
        `Incident: Payment errors above 5% ${world.url}/incidents/${incidentId}`,
      ].join('\n'),
      [
        `${subject} succeeded: done`,
        `Run: ${world.url}/runs/${run.id}`,
        `Incident: Payment errors above 5% ${world.url}/incidents/${incidentId}`,
      ].join('\n'),
    ]);
    expect(posts[0]?.body.props).toEqual({
      cairn: {
        kind: 'run',
        incidentId,
        title: 'Payment errors above 5%',
        severity: 'critical',
        services: ['payment'],
        impact: null,
        topSuspect: null,
        runbookUrl: null,
        runbookStep: null,
        incidentUrl: `${world.url}/incidents/${incidentId}`,
        runId: run.id,
        runState: 'waiting_for_approval',
        runUrl: `${world.url}/runs/${run.id}`,
      },
    });
    const sent = await eventually(
      async () =>
        (await json<Incident>(world.admin(`/api/v1/incidents/${incidentId}`))).timeline
          .filter((entry) => entry.kind === 'notification-sent' && entry.details.kind === 'run')
          .map((entry) => entry.message),
      (messages) => messages.length >= 2,
    );
    expect(sent).toEqual([
      'Run update sent to default (mattermost)',
      'Run update sent to default (mattermost)',
    ]);
  });

  it('notes a declined run with who declined it and why, and a cancelled one with who cancelled it', async () => {
    const declined = await json<RunBody>(
      start('rollback', {
        service: 'cart',
        inputs: { environment: 'production', version: '2.0.0' },
        incidentId,
      }),
    );
    await world.as(world.people.pat, `/api/v1/runs/${declined.id}/decline`, {
      method: 'POST',
      body: { comment: 'not the cause' },
    });
    expect(await runLines(declined.id)).toEqual([
      `Run ${declined.id} (Roll back on cart) requested by Grace Hopper: waiting for approval`,
      `Run ${declined.id} (Roll back on cart) declined by pat: not the cause`,
    ]);

    const cancelled = await json<RunBody>(
      start('rollback', {
        service: 'cart',
        inputs: { environment: 'production', version: '2.0.0' },
        incidentId,
      }),
    );
    await world.as(world.people.grace, `/api/v1/runs/${cancelled.id}/cancel`, { method: 'POST', body: {} });
    expect(await runLines(cancelled.id)).toEqual([
      `Run ${cancelled.id} (Roll back on cart) requested by Grace Hopper: waiting for approval`,
      `Run ${cancelled.id} (Roll back on cart) cancelled by Grace Hopper`,
    ]);
  });

  it("notes a queued run that fails with the tool's message, and one that times out", async () => {
    const failing = await json<RunBody>(start('failing', { service: 'currency', incidentId }));
    expect(failing.state).toBe('queued');
    expect(await linesUntil(failing.id, 3)).toEqual([
      `Run ${failing.id} (The tool refuses on currency) requested by Grace Hopper: queued`,
      `Run ${failing.id} (The tool refuses on currency) running`,
      `Run ${failing.id} (The tool refuses on currency) failed: ${world.receiver.url}/fail answered 500: deploy refused: quota exceeded for team-orders`,
    ]);

    const hanging = await json<RunBody>(start('hang', { service: 'checkout', incidentId }));
    expect(await linesUntil(hanging.id, 3)).toEqual([
      `Run ${hanging.id} (Waits for a report that never comes on checkout) requested by Grace Hopper: queued`,
      `Run ${hanging.id} (Waits for a report that never comes on checkout) running`,
      `Run ${hanging.id} (Waits for a report that never comes on checkout) timed out after 2 s`,
    ]);
    // Every run started from the incident so far, oldest first, as the incident lists them.
    const { runs } = await json<Incident>(world.admin(`/api/v1/incidents/${incidentId}`));
    expect(runs.map((linked) => [linked.action, linked.service, linked.state, linked.actor])).toEqual([
      ['rollback', 'payment', 'succeeded', 'Grace Hopper'],
      ['rollback', 'cart', 'declined', 'Grace Hopper'],
      ['rollback', 'cart', 'cancelled', 'Grace Hopper'],
      ['failing', 'currency', 'failed', 'Grace Hopper'],
      ['hang', 'checkout', 'timed_out', 'Grace Hopper'],
    ]);
    expect(runs.at(-1)).toMatchObject({ id: hanging.id, link: `${world.url}/runs/${hanging.id}` });
    expect(runs.at(-2)?.startedAt).not.toBeNull();
    expect(runs[1]).toMatchObject({
      id: expect.any(String),
      startedAt: null,
      finishedAt: expect.any(String),
    });
  });

  it('links a run started from the CLI with --incident', async () => {
    const env = { CAIRN_URL: world.url, CAIRN_TOKEN: world.adminToken };
    const result = await runCairn(
      ['action', 'run', 'scale', '--service', 'email', '--input', 'replicas=2', '--incident', incidentId],
      env,
    );
    expect(result.code).toBe(0);
    const runId = /^run (\S+): Scale on email is queued\n/.exec(result.stdout)?.[1];
    const linked = await json<{ items: RunBody[] }>(world.admin(`/api/v1/runs?incident=${incidentId}`));
    expect(linked.items.map((item) => item.id)).toContain(runId);
    expect((await linesUntil(runId ?? '', 1))[0]).toBe(
      `Run ${runId} (Scale on email) requested by admin (bootstrap): queued`,
    );
  }, 60_000);
});
