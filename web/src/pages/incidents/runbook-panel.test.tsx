import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { IncidentRunbooks, RunbookMatch, Step } from '../../api/runbooks.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { IncidentActivity } from './incident-activity.tsx';
import { IncidentRunbooksPanel } from './runbook-panel.tsx';
import { inlineParts, proseBlocks } from './runbook-step-text.tsx';
import { describeInputs, readWalk } from './runbook-walk.ts';

afterEach(() => vi.unstubAllGlobals());

function step(id: string, title: string, extra: Partial<Step> = {}): Step {
  return {
    id,
    title,
    line: 1,
    text: '',
    check: null,
    action: null,
    commands: [],
    links: [],
    escalateTo: null,
    branches: [],
    ...extra,
  };
}

const check = (query: 'deploy-before-onset' | 'cpu-of-limit') => ({
  query,
  withinMinutes: 30,
  withinHours: 24,
  line: 3,
});

/** The example error-rate runbook, trimmed, as the API answers it for the bad payment deploy. */
function badDeployMatch(overrides: Partial<RunbookMatch> = {}): RunbookMatch {
  return {
    runbook: {
      id: 'error-rate',
      title: 'Error rate or SLO burn on a service',
      owner: 'team-platform',
      appliesTo: { alerts: ['FrontendErrors'], labels: {}, services: [], tags: [], slo: true },
      file: 'examples/runbooks/error-rate.md',
      steps: [
        step('deploy-before-onset', 'Deploy before onset?', {
          check: check('deploy-before-onset'),
          branches: [
            { when: 'yes', to: 'roll-back-the-deploy', line: 5 },
            { when: 'no', to: 'dependency-saturated', line: 6 },
          ],
        }),
        step('roll-back-the-deploy', 'Roll back the deploy', {
          text: 'Roll the suspect service back.\n\n```sh\nkubectl get pods\n```\n\nIf it does not help, go to [Dependency saturated?](#dependency-saturated).',
          action: { action: 'rollback', inputs: { service: '{{ deploy.service }}' }, line: 12 },
          commands: ['kubectl -n shop rollout status deploy/payment'],
        }),
        step('dependency-saturated', 'Dependency saturated?', {
          check: check('cpu-of-limit'),
          branches: [
            { when: 'yes', to: 'scale', line: 20 },
            { when: 'no', to: 'escalate', line: 21 },
          ],
        }),
        step('scale', 'Scale the saturated service', {
          action: { action: 'scale', inputs: { service: '{{ service }}' }, line: 25 },
        }),
        step('escalate', 'Escalate', { escalateTo: 'the owning team (#incidents)' }),
      ],
    },
    matchedBy: ['alert FrontendErrors'],
    path: [
      {
        stepId: 'deploy-before-onset',
        title: 'Deploy before onset?',
        query: 'deploy-before-onset',
        answer: 'yes',
        evidence: 'deploy payment (a callee of frontend) 1.4.0 (was 1.3.2) 2 min before onset',
        value: 2,
      },
    ],
    recommendedStepId: 'roll-back-the-deploy',
    recommendedAction: {
      action: 'rollback',
      inputs: { service: 'payment', environment: 'production', version: '1.3.2' },
      url: '/actions/rollback/run?service=payment&environment=production&version=1.3.2&incident=7',
    },
    marks: [],
    ...overrides,
  };
}

function incident(timeline: Incident['timeline']): Incident {
  return {
    id: '7',
    title: 'FrontendErrors on frontend',
    status: 'open',
    severity: 'critical',
    services: ['frontend'],
    startedAt: '2026-12-06T02:00:00.000Z',
    acknowledgedAt: null,
    resolvedAt: null,
    paged: true,
    alerts: [],
    runs: [],
    timeline,
    context: null,
  };
}

/** The incident's timeline as the incident page shows it, from the same cached query. */
function Timeline() {
  const query = useApiQuery<Incident>('/api/v1/incidents/7');
  return query.data ? <IncidentActivity alerts={[]} timeline={query.data.timeline} /> : null;
}

describe('readWalk', () => {
  it('reads the path with the branch each answer took, the recommended step and the steps off the path', () => {
    const walk = readWalk(badDeployMatch());
    expect(walk.path.map((p) => [p.check.stepId, p.check.answer, p.next?.id])).toEqual([
      ['deploy-before-onset', 'yes', 'roll-back-the-deploy'],
    ]);
    expect(walk.recommended?.id).toBe('roll-back-the-deploy');
    expect(walk.unanswered).toBeNull();
    expect(walk.others.map((s) => s.id)).toEqual(['dependency-saturated', 'scale', 'escalate']);
  });

  it('stops on a check without data: no recommended step, the check for a person to answer', () => {
    const walk = readWalk(
      badDeployMatch({
        path: [
          {
            stepId: 'deploy-before-onset',
            title: 'Deploy before onset?',
            query: 'deploy-before-onset',
            answer: 'unknown',
            evidence: 'no service graph around onset',
            value: null,
          },
        ],
        recommendedStepId: null,
        recommendedAction: null,
      }),
    );
    expect(walk.path[0]?.next).toBeNull();
    expect(walk.recommended).toBeNull();
    expect(walk.unanswered?.stepId).toBe('deploy-before-onset');
    expect(walk.others).toHaveLength(4);
  });

  it('describes action inputs, saying which the incident could not fill', () => {
    expect(describeInputs({ service: 'payment', version: '' })).toBe(
      'service payment · version (to fill in)',
    );
  });
});

describe('step instructions', () => {
  it('keeps paragraphs, drops fenced blocks (the commands are shown apart)', () => {
    expect(proseBlocks('One\nline.\n\n```sh\nkubectl\n\nget\n```\nTwo.')).toEqual(['One line.', 'Two.']);
  });

  it('splits inline code and links out of a paragraph', () => {
    expect(inlineParts('Run `kubectl` then see [docs](https://x.example/a).')).toEqual([
      { kind: 'text', text: 'Run ' },
      { kind: 'code', text: 'kubectl' },
      { kind: 'text', text: ' then see ' },
      { kind: 'link', text: 'docs', url: 'https://x.example/a' },
      { kind: 'text', text: '.' },
    ]);
  });
});

describe('IncidentRunbooksPanel', () => {
  it('shows the walked path: the check answered yes with its evidence, the rollback highlighted and prefilled', async () => {
    stubApi({ '/api/v1/incidents/7/runbooks': { items: [badDeployMatch()], links: [] } });
    const { container } = render(
      <AppProviders>
        <IncidentRunbooksPanel incidentId="7" />
      </AppProviders>,
    );
    const path = await screen.findByRole('list', {
      name: 'Path walked in Error rate or SLO burn on a service',
    });
    const [checkItem, recommended] = within(path).getAllByRole('listitem');
    if (!checkItem || !recommended) throw new Error('the path has fewer than two steps');
    expect(checkItem.querySelector('.runbook-step-head')?.textContent).toBe('Deploy before onset? yes');
    expect(checkItem.querySelector('.runbook-evidence')?.textContent).toBe(
      'Evidence: deploy payment (a callee of frontend) 1.4.0 (was 1.3.2) 2 min before onset',
    );
    expect(within(checkItem).getByRole('link', { name: 'Roll back the deploy' }).getAttribute('href')).toBe(
      '#runbook-error-rate-step-roll-back-the-deploy',
    );

    expect(recommended.className).toContain('runbook-step-recommended');
    expect(recommended.id).toBe('runbook-error-rate-step-roll-back-the-deploy');
    expect(recommended.querySelector('.runbook-step-head')?.textContent).toBe(
      'Recommended step Roll back the deploy',
    );
    const run = within(recommended).getByRole('link', { name: 'Run rollback' });
    expect(run.getAttribute('href')).toBe(
      '/actions/rollback/run?service=payment&environment=production&version=1.3.2&incident=7',
    );
    expect(
      within(recommended).getByText('with service payment · environment production · version 1.3.2'),
    ).toBeTruthy();
    // Instructions without the fenced block; the step link points at the step on this page.
    expect(within(recommended).getByText(/^Roll the suspect service back\.$/)).toBeTruthy();
    expect(
      within(recommended).getByRole('link', { name: 'Dependency saturated?' }).getAttribute('href'),
    ).toBe('#runbook-error-rate-step-dependency-saturated');
    expect(recommended.querySelector('.runbook-command')?.textContent).toBe(
      'kubectl -n shop rollout status deploy/payment',
    );

    // The section is the anchor the page sent to Mattermost links; the other steps are folded.
    expect(container.querySelector('#runbook-error-rate')).not.toBeNull();
    expect(screen.getByText('Other steps (3)')).toBeTruthy();
  });

  it('marks the recommended step done with a note, then shows the mark and the refreshed timeline', async () => {
    const mark = {
      stepId: 'roll-back-the-deploy',
      status: 'done',
      note: 'rolled back at 02:14',
      by: 'admin',
      at: '2026-12-06T02:14:00.000Z',
    } as const;
    const answers: Record<string, unknown> = {
      '/api/v1/incidents/7/runbooks': { items: [badDeployMatch()], links: [] },
      '/api/v1/incidents/7': incident([]),
      '/api/v1/incidents/7/runbooks/error-rate/steps/roll-back-the-deploy': mark,
    };
    const api = stubApi(answers);
    render(
      <AppProviders>
        <IncidentRunbooksPanel incidentId="7" />
        <Timeline />
      </AppProviders>,
    );
    const form = await screen.findByRole('form', { name: 'Mark step Roll back the deploy' });
    expect(screen.getByText('Nothing recorded yet.')).toBeTruthy();
    // What the server answers once the mark is stored.
    answers['/api/v1/incidents/7/runbooks'] = { items: [badDeployMatch({ marks: [mark] })], links: [] };
    answers['/api/v1/incidents/7'] = incident([
      {
        at: mark.at,
        kind: 'runbook',
        message:
          'Runbook "Error rate or SLO burn on a service", step "Roll back the deploy": done by admin — rolled back at 02:14',
        details: {},
      },
    ]);
    fireEvent.change(
      within(form).getByRole('textbox', { name: 'Note or comment on “Roll back the deploy”' }),
      {
        target: { value: ' rolled back at 02:14 ' },
      },
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Done' }));

    await screen.findByText(/step "Roll back the deploy": done by admin — rolled back at 02:14/);
    expect(api.sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/incidents/7/runbooks/error-rate/steps/roll-back-the-deploy',
        body: { status: 'done', note: 'rolled back at 02:14' },
      },
    ]);
    const marks = await screen.findByRole('list', { name: 'Marks' });
    expect(marks.textContent).toMatch(/^done by admin .+ — rolled back at 02:14$/);
    await waitFor(() =>
      expect(
        within(form).getByRole<HTMLInputElement>('textbox', {
          name: 'Note or comment on “Roll back the deploy”',
        }).value,
      ).toBe(''),
    );
  });

  it('rates a step "did not help" without a note; "Add note" waits for a note', async () => {
    const api = stubApi({
      '/api/v1/incidents/7/runbooks': { items: [badDeployMatch()], links: [] },
      '/api/v1/incidents/7/runbooks/error-rate/steps/deploy-before-onset': {},
    });
    render(
      <AppProviders>
        <IncidentRunbooksPanel incidentId="7" />
      </AppProviders>,
    );
    const form = await screen.findByRole('form', { name: 'Mark step Deploy before onset?' });
    expect(within(form).getByRole<HTMLButtonElement>('button', { name: 'Add note' }).disabled).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Did not help' }));
    await waitFor(() =>
      expect(api.sent).toEqual([
        {
          method: 'POST',
          path: '/api/v1/incidents/7/runbooks/error-rate/steps/deploy-before-onset',
          body: { status: 'did-not-help' },
        },
      ]),
    );
  });

  it('says when no runbook matches and lists the alerts’ own runbook links', async () => {
    stubApi({
      '/api/v1/incidents/7/runbooks': {
        items: [],
        links: [{ rule: 'DiskFull', url: 'https://wiki.example/disk' }],
      } satisfies IncidentRunbooks,
    });
    render(
      <AppProviders>
        <IncidentRunbooksPanel incidentId="7" />
      </AppProviders>,
    );
    expect((await screen.findByText(/No runbook matches these alerts or services\./)).textContent).toBe(
      'No runbook matches these alerts or services. Runbooks lists the alert rules that most need one.',
    );
    expect(screen.getByRole('link', { name: 'https://wiki.example/disk' }).getAttribute('href')).toBe(
      'https://wiki.example/disk',
    );
  });
});
