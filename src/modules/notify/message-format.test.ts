import { describe, expect, it } from 'vitest';
import type { IncidentMessage } from './contract.ts';
import { messageFields, messageLines } from './message-format.ts';

const page: IncidentMessage = {
  kind: 'page',
  incidentId: 'inc-7',
  title: 'Payment errors above 5%',
  severity: 'critical',
  services: ['payment'],
  topSuspect: 'deploy payment v1.4.0 (was v1.3.2) 3 min before onset',
  incidentUrl: 'https://cairn.example/incidents/inc-7',
};

describe('message format', () => {
  it("links the proposed rollback's run form on the page", () => {
    const message: IncidentMessage = {
      ...page,
      proposedFix: {
        text: 'Roll back payment from 1.4.0 to 1.3.2',
        url: 'https://cairn.example/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7',
      },
    };
    expect(messageLines(message)).toEqual([
      '[CRITICAL] Payment errors above 5%',
      'Services: payment',
      'Impact: not yet known',
      'Top suspect: deploy payment v1.4.0 (was v1.3.2) 3 min before onset',
      'Proposed fix: Roll back payment from 1.4.0 to 1.3.2: https://cairn.example/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7',
      'Runbook: none linked',
      'Incident: https://cairn.example/incidents/inc-7',
    ]);
    expect(messageFields(message)).toMatchObject({
      proposedFix: 'Roll back payment from 1.4.0 to 1.3.2',
      proposedFixUrl:
        'https://cairn.example/actions/rollback/run?service=payment&version=1.3.2&incident=inc-7',
    });
  });

  it('adds no fix line or fields when nothing is proposed', () => {
    expect(messageLines(page)).not.toContainEqual(expect.stringMatching(/^Proposed fix/));
    expect(Object.keys(messageFields(page))).toEqual([
      'kind',
      'incidentId',
      'title',
      'severity',
      'services',
      'impact',
      'topSuspect',
      'runbookUrl',
      'runbookStep',
      'incidentUrl',
    ]);
  });

  it('names the run and links its page in a run update', () => {
    const update: IncidentMessage = {
      ...page,
      kind: 'run',
      run: {
        id: 'r1',
        state: 'succeeded',
        text: 'Run r1 (Roll back on payment) succeeded: done',
        url: 'https://cairn.example/runs/r1',
      },
    };
    expect(messageLines(update)).toEqual([
      'Run r1 (Roll back on payment) succeeded: done',
      'Run: https://cairn.example/runs/r1',
      'Incident: Payment errors above 5% https://cairn.example/incidents/inc-7',
    ]);
    expect(messageFields(update)).toMatchObject({
      kind: 'run',
      runId: 'r1',
      runState: 'succeeded',
      runUrl: 'https://cairn.example/runs/r1',
    });
  });
});
