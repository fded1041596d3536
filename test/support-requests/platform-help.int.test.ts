/**
 * `/platform-help` through the real API on SQLite and PostgreSQL: a Mattermost slash command
 * (form-encoded, token in the body) and a Slack one (signed with X-Slack-Signature v0) are
 * recorded with asker and topic and answered with the catalog's matching runbook and docs; the
 * asker closes them with `resolved <id>`, or hands them to the platform team with `escalate <id>`;
 * insights count requests per week by topic and the share resolved without the platform team.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type SupportRequest, signSlackBody } from '../../src/modules/support/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const MATTERMOST_TOKEN = 'mm-command-token';
const SLACK_SECRET = 'slack-signing-secret';

const PAYMENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payment
  title: Payment
  annotations:
    cairn.dev/runbook: https://runbooks.example/payment
  links:
    - url: https://docs.example/payment/rollback
      title: Rolling back payment
spec:
  type: service
  lifecycle: production
  owner: team-orders
`;

function mattermostForm(text: string, token = MATTERMOST_TOKEN): string {
  return new URLSearchParams({
    channel_id: 'c1',
    channel_name: 'platform',
    command: '/platform-help',
    team_domain: 'acme',
    team_id: 't1',
    text,
    token,
    user_id: 'u1',
    user_name: 'grace',
  }).toString();
}

describe.each(await stateTargets())('/platform-help on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  const admin = () => ({ authorization: `Bearer ${cairn.adminToken}` });

  const mattermost = async (text: string, token = MATTERMOST_TOKEN) => {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/mattermost/platform-help',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: mattermostForm(text, token),
    });
    return { status: response.statusCode, body: response.json() as { response_type: string; text: string } };
  };
  const slack = async (text: string, options: { ageSeconds?: number; secret?: string } = {}) => {
    const body = new URLSearchParams({
      command: '/platform-help',
      team_domain: 'acme',
      channel_name: 'help',
      user_name: 'ada',
      text,
      token: 'deprecated-verification-token',
    }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/slack/platform-help',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackBody(options.secret ?? SLACK_SECRET, timestamp, body),
      },
      payload: body,
    });
    return { status: response.statusCode, body: response.json() as { response_type: string; text: string } };
  };
  const requests = async () =>
    (await cairn.app.inject({ method: 'GET', url: '/api/v1/support/requests', headers: admin() })).json() as {
      items: SupportRequest[];
    };

  beforeAll(async () => {
    state = await target.create();
    const catalogDir = mkdtempSync(join(tmpdir(), 'cairn-support-catalog-'));
    writeFileSync(join(catalogDir, 'payment.yaml'), PAYMENT);
    cairn = await startInProcess({
      ...(state.url ? { stateUrl: state.url } : {}),
      catalogDir,
      config: { support: { mattermostTokens: [MATTERMOST_TOKEN], slackSigningSecret: SLACK_SECRET } },
    });
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('records a Mattermost request with asker and topic and answers with the matching runbook and docs', async () => {
    const { status, body } = await mattermost('how do I roll back payment after a bad deploy?');
    expect(status).toBe(200);
    const [request] = (await requests()).items;
    expect(request).toMatchObject({
      source: 'mattermost',
      asker: 'grace',
      channel: 'acme/platform',
      text: 'how do I roll back payment after a bad deploy?',
      topic: 'deploy',
      resolution: null,
    });
    // The catalog's doc link, the runbook whose step rolls back a deploy, the rollback action.
    expect(request?.suggestions).toEqual([
      { kind: 'doc', title: 'Rolling back payment (payment)', url: 'https://docs.example/payment/rollback' },
      {
        kind: 'runbook',
        title: 'Error rate or SLO burn on a service',
        url: expect.stringMatching(/^http:\/\/.+\/runbooks\/error-rate$/),
      },
      {
        kind: 'action',
        title: 'Roll back to the previous sync (Argo CD)',
        url: expect.stringMatching(/^http:\/\/.+\/actions\/argocd-rollback\/run$/),
      },
    ]);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text.split('\n')).toEqual([
      `Recorded your request \`${request?.id}\` (topic: deploy).`,
      'These may help:',
      '• doc: [Rolling back payment (payment)](https://docs.example/payment/rollback)',
      expect.stringMatching(
        /^• runbook: \[Error rate or SLO burn on a service\]\(http:\/\/.+\/runbooks\/error-rate\)$/,
      ),
      expect.stringMatching(
        /^• action: \[Roll back to the previous sync \(Argo CD\)\]\(http:\/\/.+\/actions\/argocd-rollback\/run\)$/,
      ),
      `Solved it? \`/platform-help resolved ${request?.id}\` · Need a person? \`/platform-help escalate ${request?.id}\``,
    ]);

    const resolved = await mattermost(`resolved ${request?.id}`);
    expect(resolved.body.text).toBe(
      `Request \`${request?.id}\` marked resolved. Thanks for letting us know!`,
    );
    expect((await requests()).items[0]).toMatchObject({ resolution: 'self-service', resolvedBy: 'grace' });
    expect((await mattermost('resolved nope42')).body.text).toBe('No request `nope42`.');
  });

  it('refuses a Mattermost body with a token it does not know', async () => {
    const { status } = await mattermost('help me', 'someone-elses-token');
    expect(status).toBe(401);
  });

  it('takes a signed Slack command, refuses a bad signature and a replayed timestamp', async () => {
    const { status, body } = await slack('I need access to the inventory warehouse');
    expect(status).toBe(200);
    expect(body.text).toMatch(/^Recorded your request `[\w-]+` \(topic: access\)\.\n/);
    expect(body.text).toContain('Cairn found no runbook, doc or action for it');
    expect((await slack('hi', { secret: 'wrong' })).status).toBe(401);
    const replayed = await slack('hi', { ageSeconds: 600 });
    expect(replayed.status).toBe(401);
    expect((replayed.body as unknown as { error: { message: string } }).error.message).toMatch(
      /X-Slack-Request-Timestamp \d+ is more than 300 seconds from now/,
    );
    const [latest] = (await requests()).items;
    expect(latest).toMatchObject({ source: 'slack', asker: 'ada', channel: 'acme/help', topic: 'access' });
  });

  it('counts requests per week by topic and the share resolved without the platform team', async () => {
    const created = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/support/requests',
      headers: admin(),
      payload: { text: 'dashboards for checkout latency' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as SupportRequest;
    const escalated = await cairn.app.inject({
      method: 'POST',
      url: `/api/v1/support/requests/${id}/resolve`,
      headers: admin(),
      payload: { resolution: 'platform-team' },
    });
    expect(escalated.json()).toMatchObject({ resolution: 'platform-team' });
    const empty = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/support/requests',
      headers: admin(),
      payload: { text: '' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { message: expect.stringContaining('body.text') } });

    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 14 * 24 * 3_600_000);
    const insights = (
      await cairn.app.inject({
        method: 'GET',
        url: `/api/v1/insights?from=${from.toISOString()}&to=${to.toISOString()}`,
        headers: admin(),
      })
    ).json() as Insights;
    expect(insights.supportRequests).toEqual({
      total: 3,
      selfServiceResolved: 1,
      selfServicePercent: (1 * 100) / 3,
      byTopic: [
        { topic: 'access', requests: 1 },
        { topic: 'deploy', requests: 1 },
        { topic: 'observability', requests: 1 },
      ],
      perWeek: [
        { start: from.toISOString(), requests: 0, byTopic: {} },
        {
          start: new Date(from.getTime() + 7 * 24 * 3_600_000).toISOString(),
          requests: 3,
          byTopic: { access: 1, deploy: 1, observability: 1 },
        },
      ],
    });
  });
});
