import { describe, expect, it } from 'vitest';
import { actionAnswerSource, runbookAnswerSource } from './answer-sources.ts';
import { matchAnswers } from './matcher.ts';

const URL = () => 'https://cairn.example';

describe('runbook and action answers for /platform-help', () => {
  const runbooks = runbookAnswerSource(
    {
      list: () => [
        {
          id: 'error-rate',
          title: 'Error rate or SLO burn on a service',
          owner: 'team-platform',
          appliesTo: { alerts: ['HighErrorRate'], services: ['checkout'], tags: [] },
          steps: [{ title: 'Roll back the deploy' }, { title: 'Check the database' }],
        },
        {
          id: 'disk-pressure',
          title: 'Flapping disk pressure on a node',
          owner: 'team-platform',
          appliesTo: { alerts: ['NodeDiskPressure'], services: [], tags: ['kubernetes'] },
          steps: [{ title: 'Free space' }],
        },
      ],
    },
    URL,
  );
  const actions = actionAnswerSource(
    {
      list: () => [
        { id: 'scale', title: 'Scale', description: 'Change the number of replicas', operation: 'day-2' },
        { id: 'open-logs', title: "Open the service's logs", description: '', operation: 'day-2' },
      ],
    },
    URL,
  );

  it('finds a runbook by its steps and alert names, and an action by its title and description', async () => {
    const answers = [...(await runbooks()), ...(await actions())];
    expect(matchAnswers('how do I roll back checkout?', answers, 3)).toEqual([
      {
        kind: 'runbook',
        title: 'Error rate or SLO burn on a service',
        url: 'https://cairn.example/runbooks/error-rate',
      },
    ]);
    // "error rate" is in the alert name HighErrorRate, split into words; "replicas" in the description.
    expect(matchAnswers('high error rate alert', answers, 3).map((a) => a.url)).toEqual([
      'https://cairn.example/runbooks/error-rate',
    ]);
    expect(matchAnswers('more replicas for cart please', answers, 3)).toEqual([
      { kind: 'action', title: 'Scale', url: 'https://cairn.example/actions/scale/run' },
    ]);
    expect(matchAnswers('where are the logs', answers, 3).map((a) => a.url)).toEqual([
      'https://cairn.example/actions/open-logs/run',
    ]);
  });
});
