/**
 * The runbook done-when, end to end: the bad payment deploy (1.4.0, two minutes before the
 * frontend's errors start) through the real OpenTelemetry SDK, a real change event and an
 * Alertmanager webhook; the example error-rate runbook (examples/runbooks) walked on its data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/modules/incidents/index.ts';
import type { IncidentRunbooks } from '../../src/modules/runbooks/index.ts';
import type { Scenario } from '../context/scenarios/context-scenario.ts';
import { startBadDeploy } from './bad-deploy-fixture.ts';

let scenario: Scenario;
let incident: Incident;

beforeAll(async () => {
  ({ scenario, incident } = await startBadDeploy());
}, 180_000);

afterAll(async () => {
  await scenario?.close();
});

describe('runbooks on the bad payment deploy', () => {
  it('walks the error-rate runbook: deploy before onset is yes (payment 1.4.0), roll back to 1.3.2', async () => {
    const { status, body } = await scenario.cairn.api<IncidentRunbooks>(
      'GET',
      `/api/v1/incidents/${incident.id}/runbooks`,
    );
    expect(status).toBe(200);
    expect(body.items.map((m) => m.runbook.id)).toEqual(['error-rate']);
    const [match] = body.items;
    expect(match?.matchedBy).toEqual(['alert FrontendErrors']);
    expect(match?.path).toEqual([
      {
        stepId: 'deploy-before-onset',
        title: 'Deploy before onset?',
        query: 'deploy-before-onset',
        answer: 'yes',
        evidence: 'deploy payment (a callee of frontend) 1.4.0 (was 1.3.2) 2 min before onset',
        value: 2,
      },
    ]);
    expect(match?.recommendedStepId).toBe('roll-back-the-deploy');
    expect(match?.recommendedAction).toEqual({
      action: 'rollback',
      inputs: { service: 'payment', environment: 'production', version: '1.3.2' },
      url: `/actions/rollback/run?service=payment&environment=production&version=1.3.2&incident=${incident.id}`,
    });
    // The Cairn runbook for FrontendErrors wins over the alert's runbook_url.
    expect(body.links).toEqual([]);
  });

  it('names the recommended step on the Mattermost page', async () => {
    const [page] = scenario.receiver.posts;
    if (!page) throw new Error('no page was posted');
    const fields = (page.body.props as { cairn: Record<string, unknown> }).cairn;
    expect(fields.runbookStep).toBe(
      'Roll back the deploy — action rollback payment production 1.3.2 (runbook "Error rate or SLO burn on a service")',
    );
    expect(fields.runbookUrl).toMatch(new RegExp(`/incidents/${incident.id}#runbook-error-rate$`));
    expect(String(page.body.text)).toContain('Recommended step: Roll back the deploy');
  });

  it("links the proposed rollback's run form, naming the incident, on the Mattermost page", async () => {
    const [page] = scenario.receiver.posts;
    if (!page) throw new Error('no page was posted');
    const fields = (page.body.props as { cairn: Record<string, unknown> }).cairn;
    const form = `http://localhost:7420/actions/rollback/run?service=payment&version=1.3.2&incident=${incident.id}`;
    expect(fields.proposedFix).toBe('Roll back payment from 1.4.0 to 1.3.2');
    expect(fields.proposedFixUrl).toBe(form);
    expect(String(page.body.text).split('\n')).toContain(
      `Proposed fix: Roll back payment from 1.4.0 to 1.3.2: ${form}`,
    );
  });

  it('lists and serves the runbooks', async () => {
    const list = await scenario.cairn.api<{ items: Array<{ id: string }> }>('GET', '/api/v1/runbooks');
    expect(list.body.items.map((r) => r.id)).toEqual(['disk-pressure', 'error-rate', 'slow-database']);
    const one = await scenario.cairn.api<{ steps: Array<{ id: string }> }>(
      'GET',
      '/api/v1/runbooks/error-rate',
    );
    expect(one.body.steps[1]?.id).toBe('roll-back-the-deploy');
    expect((await scenario.cairn.api('GET', '/api/v1/runbooks/nope')).status).toBe(404);
  });

  it('marks a step: stored, on the timeline, counted in what was learnt; bad input is a 4xx naming the field', async () => {
    const url = `/api/v1/incidents/${incident.id}/runbooks/error-rate/steps/roll-back-the-deploy`;
    const done = await scenario.cairn.api('POST', url, { status: 'done', note: 'rolled back at 02:14' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      stepId: 'roll-back-the-deploy',
      status: 'done',
      note: 'rolled back at 02:14',
    });
    const { body: again } = await scenario.cairn.api<IncidentRunbooks>(
      'GET',
      `/api/v1/incidents/${incident.id}/runbooks`,
    );
    expect(again.items[0]?.marks.map((m) => [m.stepId, m.status])).toEqual([
      ['roll-back-the-deploy', 'done'],
    ]);
    const { body: after } = await scenario.cairn.api<Incident>('GET', `/api/v1/incidents/${incident.id}`);
    expect(after.timeline.filter((e) => e.kind === 'runbook').map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^Runbook "Error rate or SLO burn on a service", step "Roll back the deploy": done by .+ — rolled back at 02:14$/,
      ),
    ]);
    const bad = await scenario.cairn.api<{ error: { message: string } }>('POST', url, { status: 'finished' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('status');
    const missing = await scenario.cairn.api('POST', url.replace('roll-back-the-deploy', 'nope'), {
      status: 'done',
    });
    expect(missing.status).toBe(404);

    const { body: learnt } = await scenario.cairn.api<{
      runbooks: Array<{
        id: string;
        incidents: number;
        steps: Array<{ stepId: string; reached: number; done: number }>;
      }>;
    }>('GET', '/api/v1/runbooks/insights');
    const errorRate = learnt.runbooks.find((r) => r.id === 'error-rate');
    expect(errorRate?.incidents).toBe(1);
    expect(errorRate?.steps.slice(0, 3)).toEqual([
      expect.objectContaining({ stepId: 'deploy-before-onset', reached: 1, done: 0 }),
      expect.objectContaining({ stepId: 'roll-back-the-deploy', reached: 1, done: 1 }),
      expect.objectContaining({ stepId: 'dependency-saturated', reached: 0, done: 0 }),
    ]);
  });
});
