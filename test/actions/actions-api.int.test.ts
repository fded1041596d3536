import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn } from '../support/start-cairn.ts';
import { stateTargets } from '../support/state-dialects.ts';
import { type ActionsWorld, PAYMENT_VALUES, SIGNING_SECRET, startActionsWorld } from './actions-world.ts';
import { revisionOf, sendReport } from './automation-receiver.ts';

interface RunBody {
  id: string;
  state: string;
  message: string | null;
  changeId: string | null;
  decision: { by: { name: string }; comment: string } | null;
  links: Array<{ title: string; url: string }>;
  log?: Array<{ seq: number; line: string }>;
}

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

async function waitForState(
  world: ActionsWorld,
  runId: string,
  states: string[],
  timeoutMs = 15_000,
): Promise<RunBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await json<RunBody>(world.admin(`/api/v1/runs/${runId}`));
    if (states.includes(run.state)) return run;
    if (Date.now() > until) throw new Error(`run ${runId} is ${run.state}, not ${states.join('|')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(await stateTargets())('actions through the API on $dialect', (target) => {
  let world: ActionsWorld;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const state = await target.create();
    dispose = state.dispose;
    world = await startActionsWorld(state.url);
    // payment has run 1.3.2, then 1.4.0, in production.
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    for (const [version, at] of [
      ['1.3.2', daysAgo(5)],
      ['1.4.0', daysAgo(1)],
    ] as const) {
      const recorded = await world.admin('/api/v1/changes', {
        method: 'POST',
        body: { service: 'payment', environment: 'production', kind: 'deploy', version, finishedAt: at },
      });
      expect(recorded.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    await dispose?.();
  });

  it('offers the versions payment has run and says who may run the rollback', async () => {
    const grace = await json<{ pickers: Record<string, string[]>; mayRun: { allowed: boolean } }>(
      world.as(world.people.grace, '/api/v1/actions/rollback?service=payment'),
    );
    expect(grace.pickers.version).toEqual(['1.4.0', '1.3.2']);
    expect(grace.pickers.environment).toEqual(['production', 'staging']);
    expect(grace.mayRun).toEqual({ allowed: true, reason: null });
    const ada = await json<{ mayRun: { allowed: boolean; reason: string } }>(
      world.as(world.people.ada, '/api/v1/actions/rollback?service=payment'),
    );
    expect(ada.mayRun.allowed).toBe(false);
    const list = await json<{ items: Array<{ id: string }>; problems: unknown[] }>(
      world.admin('/api/v1/actions'),
    );
    expect(list.items.map((item) => item.id)).toEqual([
      'rollback',
      'scale',
      'frozen-deploy',
      'hang',
      'hang-long',
      'failing',
      'open-logs',
      'rollback-gitops',
    ]);
    expect(list.problems).toEqual([]);
  });

  it('rolls payment back to 1.3.2: waits for approval, a platform engineer approves, the automation runs it, a cairn-action change is recorded, the audit log has both', async () => {
    const started = await world.as(world.people.grace, '/api/v1/actions/rollback/runs', {
      method: 'POST',
      body: { service: 'payment', inputs: { environment: 'production', version: '1.3.2' } },
    });
    expect(started.status).toBe(201);
    const run = (await started.json()) as RunBody;
    expect(run.state).toBe('waiting_for_approval');
    expect(world.receiver.calls.filter((call) => call.body.runId === run.id)).toEqual([]);

    // The requester cannot approve their own run; a storefront developer is refused too.
    const self = await world.as(world.people.grace, `/api/v1/runs/${run.id}/approve`, {
      method: 'POST',
      body: {},
    });
    expect(self.status).toBe(403);
    expect((await json<{ error: { message: string } }>(self)).error.message).toBe(
      'Grace Hopper started this run; rollback does not allow self-approval',
    );

    const approved = await world.as(world.people.pat, `/api/v1/runs/${run.id}/approve`, {
      method: 'POST',
      body: { comment: 'errors since 1.4.0, go' },
    });
    expect(approved.status).toBe(200);
    expect((await json<RunBody>(approved)).decision).toMatchObject({
      by: { name: 'pat' },
      comment: 'errors since 1.4.0, go',
    });

    const done = await waitForState(world, run.id, ['succeeded', 'failed', 'timed_out']);
    expect(done.state).toBe('succeeded');
    expect(done.message).toBe('done');
    expect(done.links).toEqual([{ title: 'automation run', url: 'https://automation.example/runs/1' }]);
    expect(done.log?.map((line) => line.line).sort()).toEqual(
      [
        'Roll back: webhook executor started by Grace Hopper',
        `POST ${world.receiver.url}/ok`,
        `${world.receiver.url}/ok answered 202; waiting for its report`,
        'setting payment to 1.3.2',
        'applied',
        'done',
      ].sort(),
    );
    expect(done.log?.at(-1)?.line).toBe('done');

    const calls = world.receiver.calls.filter((call) => call.body.runId === run.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      path: '/ok',
      signatureValid: true,
      body: {
        action: 'rollback',
        service: 'payment',
        inputs: { environment: 'production', version: '1.3.2' },
        actor: { name: 'Grace Hopper', email: 'grace@acme-shop.example' },
        reportUrl: `${world.url}/api/v1/runs/${run.id}/report`,
      },
    });

    const changes = await json<{ items: Array<Record<string, unknown>> }>(
      world.admin('/api/v1/changes?service=payment'),
    );
    const change = changes.items.find((item) => item.source === 'cairn-action');
    expect(change).toMatchObject({
      id: done.changeId,
      service: 'payment',
      environment: 'production',
      kind: 'rollback',
      version: '1.3.2',
      previousVersion: '1.4.0',
      // The revision the automation reported rolling out.
      revision: revisionOf('1.3.2'),
      author: 'Grace Hopper',
      status: 'succeeded',
    });

    const audit = await json<{
      items: Array<{ actor: string; action: string; outcome: string; target: string }>;
    }>(world.admin(`/api/v1/audit?service=payment&action=action-run.`));
    const forRun = audit.items
      .filter((entry) => entry.target === `run:${run.id}`)
      .map((entry) => [entry.actor, entry.action, entry.outcome]);
    // The worker's entries may interleave with the approval's own, which is written as its request ends.
    expect(forRun).toHaveLength(5);
    expect(forRun).toEqual(
      expect.arrayContaining([
        ['Grace Hopper', 'action-run.start', 'succeeded'],
        ['Grace Hopper', 'action-run.approve', 'refused'],
        ['pat', 'action-run.approve', 'succeeded'],
        ['cairn', 'action-run.running', 'succeeded'],
        ['cairn', 'action-run.succeeded', 'succeeded'],
      ]),
    );
  });

  it('rolls payment back to 1.3.2 the GitOps way: after approval the deployment repository gets the commit, authored by the requester', async () => {
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/rollback-gitops/runs', {
        method: 'POST',
        body: { service: 'payment', inputs: { environment: 'production', version: '1.3.2' } },
      }),
    );
    expect(run.state).toBe('waiting_for_approval');
    expect(world.repository.show('production/payment/values.yaml')).toBe(PAYMENT_VALUES);
    const approved = await world.as(world.people.pat, `/api/v1/runs/${run.id}/approve`, {
      method: 'POST',
      body: {},
    });
    expect(approved.status).toBe(200);
    const done = await waitForState(world, run.id, ['succeeded', 'failed', 'timed_out'], 60_000);
    expect(done).toMatchObject({ state: 'succeeded' });
    expect(world.repository.show('production/payment/values.yaml')).toBe(
      PAYMENT_VALUES.replace('tag: "1.4.0"', 'tag: "1.3.2"'),
    );
    expect(world.repository.git(['log', '-1', '--format=%an <%ae>']).trim()).toBe(
      'Grace Hopper <grace@acme-shop.example>',
    );
    expect(world.repository.git(['log', '-1', '--format=%b'])).toContain(`Cairn-Run: ${run.id}`);
    const change = (
      await json<{ items: Array<Record<string, unknown>> }>(world.admin('/api/v1/changes?service=payment'))
    ).items.find((item) => item.id === done.changeId);
    expect(change).toMatchObject({
      source: 'cairn-action',
      kind: 'rollback',
      version: '1.3.2',
      author: 'Grace Hopper',
    });
  });

  it('refuses a team-storefront developer with 403, and nothing runs', async () => {
    const before = world.receiver.calls.length;
    const response = await world.as(world.people.ada, '/api/v1/actions/rollback/runs', {
      method: 'POST',
      body: { service: 'payment', inputs: { environment: 'production', version: '1.3.2' } },
    });
    expect(response.status).toBe(403);
    expect((await json<{ error: { message: string } }>(response)).error.message).toBe(
      'Ada Lovelace (member, team-storefront) may not run rollback on payment: it is allowed to the platform, admin roles, the owning team (team-orders)',
    );
    expect(world.receiver.calls.length).toBe(before);
  });

  it("refuses replicas: 500 with the rule's message, and nothing is executed", async () => {
    const before = world.receiver.calls.length;
    const response = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'payment', inputs: { replicas: 500 } },
    });
    expect(response.status).toBe(400);
    expect((await json<{ error: { message: string } }>(response)).error.message).toBe(
      'body.inputs: at most 20 replicas; ask the platform team for more capacity',
    );
    const wrongType = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'payment', inputs: { replicas: 'many' } },
    });
    expect(wrongType.status).toBe(400);
    expect((await json<{ error: { message: string } }>(wrongType)).error.message).toBe(
      'body.inputs.replicas: must be integer',
    );
    const runs = await json<{ items: unknown[] }>(world.admin('/api/v1/runs?action=scale'));
    expect(runs.items).toEqual([]);
    expect(world.receiver.calls.length).toBe(before);
  });

  it('runs the policy guardrail: a Deny policy refuses with its message, a Warn policy is shown and the run goes on', async () => {
    const denied = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'currency', inputs: { replicas: 15 } },
    });
    expect(denied.status).toBe(403);
    expect((await json<{ error: { message: string } }>(denied)).error.message).toBe(
      'policy: scale-replicas-cap: scaling currency to 15 replicas is above the cap of 10; ask the platform team for a higher cap',
    );
    const warned = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'currency', inputs: { replicas: 7 } },
    });
    expect(warned.status).toBe(201);
    const run = (await warned.json()) as RunBody & { warnings: string[] };
    expect(run.warnings).toEqual(["scale-cost: more than 5 replicas doubles the service's cost"]);
    expect((await waitForState(world, run.id, ['succeeded', 'failed'])).state).toBe('succeeded');
    await world.runtime.policyViolations.drain();
    const violations = await json<{
      items: Array<{ source: string; policy: string; service: string | null }>;
    }>(world.admin('/api/v1/policy/violations?service=currency'));
    expect(violations.items.map((v) => [v.source, v.policy, v.service])).toEqual(
      expect.arrayContaining([['action', 'scale-cost', 'currency']]),
    );
  });

  it('refuses a run in a change freeze with 409', async () => {
    const response = await world.as(world.people.grace, '/api/v1/actions/frozen-deploy/runs', {
      method: 'POST',
      body: { service: 'checkout' },
    });
    expect(response.status).toBe(409);
    expect((await json<{ error: { message: string } }>(response)).error.message).toBe(
      'change freeze: Black Friday (mon, tue, wed, thu, fri, sat, sun 00:00–24:00 UTC); frozen-deploy cannot run now',
    );
  });

  it('runs one action at a time per service (409), and takes the next once it ended', async () => {
    const first = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/rollback/runs', {
        method: 'POST',
        body: { service: 'cart', inputs: { environment: 'production', version: '2.0.0' } },
      }),
    );
    expect(first.state).toBe('waiting_for_approval');
    const second = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'cart', inputs: { replicas: 3 } },
    });
    expect(second.status).toBe(409);
    expect((await json<{ error: { message: string } }>(second)).error.message).toBe(
      `cart has a run in progress (one at a time per service): run ${first.id} of rollback, waiting_for_approval`,
    );
    const declined = await json<RunBody>(
      world.as(world.people.pat, `/api/v1/runs/${first.id}/decline`, {
        method: 'POST',
        body: { comment: 'not now' },
      }),
    );
    expect(declined).toMatchObject({ state: 'declined', message: 'declined by pat: not now' });
    const third = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'cart', inputs: { replicas: 3 } },
    });
    expect(third.status).toBe(201);
    expect((await waitForState(world, ((await third.json()) as RunBody).id, ['succeeded'])).state).toBe(
      'succeeded',
    );
  });

  it('opens the service logs with the link executor, beside a run in progress on the same service', async () => {
    const waiting = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/rollback/runs', {
        method: 'POST',
        body: { service: 'checkout', inputs: { environment: 'production', version: '1.0.0' } },
      }),
    );
    expect(waiting.state).toBe('waiting_for_approval');
    // A storefront developer may open the logs of an orders service: the action allows members.
    const opened = await world.as(world.people.ada, '/api/v1/actions/open-logs/runs', {
      method: 'POST',
      body: { service: 'checkout' },
    });
    expect(opened.status).toBe(201);
    const done = await waitForState(world, ((await opened.json()) as RunBody).id, ['succeeded', 'failed']);
    expect(done).toMatchObject({
      state: 'succeeded',
      message: 'opened Logs of checkout',
      links: [{ title: 'Logs of checkout', url: `${world.url}/logs?q=service:checkout&live=1` }],
      changeId: null,
    });
    await world.as(world.people.grace, `/api/v1/runs/${waiting.id}/cancel`, { method: 'POST', body: {} });
  });

  it('ends a run whose automation never reports as timed_out', async () => {
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/hang/runs', {
        method: 'POST',
        body: { service: 'currency' },
      }),
    );
    expect(run.state).toBe('queued');
    const ended = await waitForState(world, run.id, ['timed_out', 'succeeded', 'failed']);
    expect(ended).toMatchObject({ state: 'timed_out', message: 'timed out after 2 s' });
  });

  it('cancels a running run through its AbortSignal; a late report is refused', async () => {
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/hang-long/runs', {
        method: 'POST',
        body: { service: 'checkout' },
      }),
    );
    await waitForState(world, run.id, ['running']);
    const cancel = await world.as(world.people.grace, `/api/v1/runs/${run.id}/cancel`, {
      method: 'POST',
      body: {},
    });
    expect(cancel.status).toBe(200);
    const ended = await waitForState(world, run.id, ['cancelled', 'succeeded', 'failed']);
    expect(ended).toMatchObject({ state: 'cancelled', message: 'cancelled while running' });
    const late = await sendReport(SIGNING_SECRET, `${world.url}/api/v1/runs/${run.id}/report`, {
      status: 'succeeded',
    });
    expect(late.status).toBe(409);
  });

  it("fails a run with the tool's own message when the automation refuses, without retrying", async () => {
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/failing/runs', {
        method: 'POST',
        body: { service: 'currency' },
      }),
    );
    const ended = await waitForState(world, run.id, ['failed', 'succeeded']);
    expect(ended).toMatchObject({
      state: 'failed',
      message: `${world.receiver.url}/fail answered 500: deploy refused: quota exceeded for team-orders`,
      changeId: null,
    });
    expect(world.receiver.calls.filter((call) => call.body.runId === run.id)).toHaveLength(1);
  });

  it('refuses reports that are not signed with the secret', async () => {
    const runs = await json<{ items: RunBody[] }>(world.admin('/api/v1/runs?limit=1'));
    const id = runs.items[0]?.id ?? 'none';
    const unsigned = await fetch(`${world.url}/api/v1/runs/${id}/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"status":"succeeded"}',
    });
    expect(unsigned.status).toBe(401);
    const wrong = await sendReport('another-secret-of-16-chars', `${world.url}/api/v1/runs/${id}/report`, {
      status: 'succeeded',
    });
    expect(wrong.status).toBe(401);
    expect((await json<{ error: { message: string } }>(wrong)).error.message).toBe(
      'x-cairn-signature does not match the body signed with the configured secret',
    );
  });

  it('names the field of bad input with 4xx', async () => {
    const noService = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { inputs: { replicas: 2 } },
    });
    expect(noService.status).toBe(400);
    expect((await json<{ error: { message: string } }>(noService)).error.message).toBe(
      'body.service: scale needs a service',
    );
    const unknown = await world.as(world.people.grace, '/api/v1/actions/scale/runs', {
      method: 'POST',
      body: { service: 'nope', inputs: { replicas: 2 } },
    });
    expect((await json<{ error: { message: string } }>(unknown)).error.message).toBe(
      'body.service: "nope" is not a service Cairn knows',
    );
    const status = await world.admin('/api/v1/runs?status=done');
    expect(status.status).toBe(400);
    expect((await json<{ error: { message: string } }>(status)).error.message).toMatch(/^query\.status: /);
    expect((await world.admin('/api/v1/actions/nope')).status).toBe(404);
    expect((await world.admin('/api/v1/runs/nope')).status).toBe(404);
  });

  it('streams a run log over server-sent events until the run ends', async () => {
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/scale/runs', {
        method: 'POST',
        body: { service: 'payment', inputs: { replicas: 4 } },
      }),
    );
    const response = await fetch(`${world.url}/api/v1/runs/${run.id}/logs`, {
      headers: { authorization: `Bearer ${world.adminToken}`, accept: 'text/event-stream' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    const events = text
      .split('\n\n')
      .filter((block) => block.includes('event: '))
      .map((block) => {
        const name = /event: (\w+)/.exec(block)?.[1];
        const data = JSON.parse(/data: (.*)/.exec(block)?.[1] ?? 'null') as { line?: string; state?: string };
        return name === 'log'
          ? `log ${data.line}`
          : name === 'state'
            ? `state ${data.state}`
            : `${name} ${data.state}`;
      });
    const logged = events.filter((event) => event.startsWith('log '));
    // Two writers: Cairn's executor lines and the automation's reports, each in its own order.
    const executorLines = [
      'log Scale: webhook executor started by Grace Hopper',
      `log POST ${world.receiver.url}/ok`,
      `log ${world.receiver.url}/ok answered 202; waiting for its report`,
    ];
    expect(logged.filter((line) => executorLines.includes(line))).toEqual(executorLines);
    expect(logged.filter((line) => !executorLines.includes(line))).toEqual([
      'log setting payment to 4',
      'log applied',
      'log done',
    ]);
    expect(logged).toHaveLength(6);
    expect(events.at(-1)).toBe('end succeeded');
    expect(events.filter((event) => event.startsWith('state ')).at(-1)).toBe('state succeeded');
  });
  it('works from the CLI: action list, approve, logs, run --follow', async () => {
    const env = { CAIRN_URL: world.url, CAIRN_TOKEN: world.adminToken };
    const list = await runCairn(['action', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe(
      "rollback         Roll back (webhook, approval when environment == 'production')",
    );
    const run = await json<RunBody>(
      world.as(world.people.grace, '/api/v1/actions/rollback/runs', {
        method: 'POST',
        body: { service: 'currency', inputs: { environment: 'production', version: '0.9.0' } },
      }),
    );
    const approve = await runCairn(['action', 'approve', '-m', 'ok', '--', run.id], env);
    expect(approve.stdout).toMatch(
      new RegExp(`^run ${run.id}: Roll back on currency is (queued|running|succeeded)`),
    );
    const logs = await runCairn(['action', 'logs', '--', run.id], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout.split('\n').filter(Boolean).at(-1)).toBe('done');
    expect(logs.stderr).toBe(`run ${run.id}: Roll back on currency is succeeded (done)\n`);
    const follow = await runCairn(
      ['action', 'run', 'scale', '--service', 'email', '--input', 'replicas=2', '--follow'],
      env,
    );
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/^run \S+: Scale on email is queued\n/);
    expect(follow.stdout).toContain('setting email to 2\n');
    const refused = await runCairn(
      ['action', 'run', 'scale', '--service', 'email', '--input', 'replicas=500'],
      env,
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr:
        'cairn: POST /api/v1/actions/scale/runs failed with 400: body.inputs: at most 20 replicas; ask the platform team for more capacity\n',
    });
  }, 240_000);
});
