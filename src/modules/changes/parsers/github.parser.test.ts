import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../kernel/errors.ts';
import type { NormalizedChange, ParseOutcome } from '../change-parser.ts';
import { parseGithubDelivery } from './github.parser.ts';

const EVENTS = ['deployment', 'deployment_status', 'workflow_run', 'push', 'release'] as const;

/** Every example of the five events, from every GitHub flavour the package ships (dotcom and GHES). */
function allExamples(): Array<{ id: string; event: string; payload: unknown }> {
  const root = dirname(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'));
  const out: Array<{ id: string; event: string; payload: unknown }> = [];
  for (const flavour of readdirSync(root).sort()) {
    if (!statSync(join(root, flavour)).isDirectory()) continue;
    // The package's index: one entry per event with its example payloads.
    const index = JSON.parse(readFileSync(join(root, flavour, 'index.json'), 'utf8')) as Array<{
      name: string;
      examples: unknown[];
    }>;
    for (const entry of index) {
      if (!(EVENTS as readonly string[]).includes(entry.name)) continue;
      entry.examples.forEach((payload, i) => {
        out.push({ id: `${flavour}:${entry.name}:${i}`, event: entry.name, payload });
      });
    }
  }
  return out;
}

const HELLO = {
  by: 'annotation',
  annotation: 'github.com/project-slug',
  value: 'Codertocat/Hello-World',
} as const;
const base: Omit<NormalizedChange, 'kind' | 'status'> = {
  source: 'github',
  idempotencyKey: 'delivery-1',
  target: HELLO,
  environment: 'production',
  version: null,
  previousVersion: null,
  revision: null,
  commits: [],
  author: null,
  startedAt: null,
  finishedAt: null,
  url: null,
  description: null,
};

const DEPLOYMENT_IGNORED = {
  ignored:
    'a deployment is recorded from its deployment_status once it succeeds, fails or errors, so one deploy is one change',
};
const dotcomSuccess: ParseOutcome = {
  change: {
    ...base,
    idempotencyKey: 'deployment_status:Codertocat/Hello-World:209916254',
    kind: 'deploy',
    status: 'succeeded',
    version: 'master',
    revision: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    author: 'Codertocat',
    startedAt: '2019-05-15T15:20:53.000Z',
    finishedAt: '2019-05-15T15:20:55.000Z',
    url: 'https://github.com/Codertocat/Hello-World/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
  },
};
const ghesSuccess: ParseOutcome = {
  change: {
    ...base,
    idempotencyKey: 'deployment_status:Codertocat/Hello-World:2',
    kind: 'deploy',
    status: 'succeeded',
    version: 'master',
    revision: '78a96099c3f442d7f6e8d1a7d07090091993e65a',
    author: 'Codertocat',
    startedAt: '2019-05-15T19:38:20.000Z',
    finishedAt: '2019-05-15T19:38:21.000Z',
    url: 'https://octocoders.github.io/Codertocat/Hello-World/commit/78a96099c3f442d7f6e8d1a7d07090091993e65a',
  },
};
const TAG_PUSH = { ignored: 'push of tag simple-tag: tags are recorded through release events' };
const masterPush: ParseOutcome = {
  change: {
    ...base,
    idempotencyKey: 'push:Codertocat/Hello-World:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    environment: 'master',
    kind: 'push',
    status: 'succeeded',
    revision: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    commits: [
      {
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        at: '2019-05-15T15:19:25.000Z',
        message: 'Initial commit',
        author: 'Codertocat',
        parent: null,
      },
    ],
    author: 'Codertocat',
    startedAt: '2019-05-15T15:19:25.000Z',
    finishedAt: '2019-05-15T15:19:25.000Z',
    url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    description: 'push to master (1 commit)',
  },
};
const published = (publishedAt: string, createdAt: string): ParseOutcome => ({
  change: {
    ...base,
    idempotencyKey: 'release:Codertocat/Hello-World:17372790',
    kind: 'deploy',
    status: 'succeeded',
    version: '0.0.1',
    author: 'Codertocat',
    startedAt: createdAt,
    finishedAt: publishedAt,
    url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
    description: 'release 0.0.1',
  },
});
const action = (name: string) => ({
  ignored: `release action "${name}": only published releases are recorded`,
});
const NOT_DEPLOY_WORKFLOW = {
  ignored:
    'workflow "test" (.github/workflows/test.yml) is not a deployment: its name or file must contain deploy, release, rollback or rollout',
};
const REQUESTED = { ignored: 'workflow_run action "requested": only completed runs are recorded' };

/** The exact outcome for every example; a new example in the package fails the test until listed. */
const EXPECTED: Record<string, ParseOutcome> = {
  'api.github.com:deployment:0': DEPLOYMENT_IGNORED,
  'api.github.com:deployment:1': DEPLOYMENT_IGNORED,
  'api.github.com:deployment:2': DEPLOYMENT_IGNORED,
  'api.github.com:deployment:3': DEPLOYMENT_IGNORED,
  'api.github.com:deployment_status:0': dotcomSuccess,
  'api.github.com:deployment_status:1': {
    ignored: 'deployment_status state "in_progress" is not final; Cairn records success, failure and error',
  },
  'api.github.com:deployment_status:2': dotcomSuccess,
  'api.github.com:deployment_status:3': dotcomSuccess,
  'api.github.com:push:0': TAG_PUSH,
  'api.github.com:push:1': TAG_PUSH,
  'api.github.com:push:2': TAG_PUSH,
  'api.github.com:push:3': TAG_PUSH,
  'api.github.com:push:4': masterPush,
  'api.github.com:push:5': masterPush,
  'api.github.com:push:6': TAG_PUSH,
  'api.github.com:release:0': published('2019-05-15T15:20:53.000Z', '2019-05-15T15:19:25.000Z'),
  'api.github.com:release:1': action('created'),
  'api.github.com:release:2': action('created'),
  'api.github.com:release:3': action('created'),
  'api.github.com:release:4': action('deleted'),
  'api.github.com:release:5': action('deleted'),
  'api.github.com:release:6': action('edited'),
  'api.github.com:release:7': action('edited'),
  'api.github.com:release:8': action('prereleased'),
  'api.github.com:release:9': action('prereleased'),
  'api.github.com:release:10': published('2019-05-15T15:20:53.000Z', '2019-05-15T15:19:25.000Z'),
  'api.github.com:release:11': published('2019-05-15T15:20:53.000Z', '2019-05-15T15:19:25.000Z'),
  'api.github.com:release:12': action('released'),
  'api.github.com:workflow_run:0': {
    ignored: 'workflow run is not finished (status "queued", no conclusion)',
  },
  'api.github.com:workflow_run:1': NOT_DEPLOY_WORKFLOW,
  'api.github.com:workflow_run:2': NOT_DEPLOY_WORKFLOW,
  'api.github.com:workflow_run:3': REQUESTED,
  'api.github.com:workflow_run:4': REQUESTED,
};

describe('GitHub webhook parsers over every @octokit/webhooks-examples example', () => {
  const examples = allExamples();

  it('covers the five events in every flavour the package ships', () => {
    expect(new Set(examples.map((example) => example.event))).toEqual(new Set(EVENTS));
    expect(examples.map((example) => example.id).sort()).toEqual(
      [...Object.keys(EXPECTED), ...Object.keys(GHES)].sort(),
    );
  });

  it.each(examples)('$id', ({ id, event, payload }) => {
    const outcome = parseGithubDelivery({ event, deliveryId: 'delivery-1', payload });
    expect(EXPECTED[id] ?? GHES[id], `no expected outcome listed for ${id}`).toBeDefined();
    expect(outcome).toEqual(EXPECTED[id] ?? GHES[id]);
  });
});

const ghesRelease: ParseOutcome = {
  change: {
    ...base,
    idempotencyKey: 'release:Codertocat/Hello-World:2',
    kind: 'deploy',
    status: 'succeeded',
    version: '0.0.1',
    author: 'Codertocat',
    startedAt: '2019-05-15T19:37:08.000Z',
    finishedAt: '2019-05-15T19:38:20.000Z',
    url: 'https://octocoders.github.io/Codertocat/Hello-World/releases/tag/0.0.1',
    description: 'release 0.0.1',
  },
};
const QUEUED = { ignored: 'workflow run is not finished (status "queued", no conclusion)' };

/** GitHub Enterprise Server flavours: the same rules over their own payloads. */
const GHES: Record<string, ParseOutcome> = Object.fromEntries(
  ['ghes-31', 'ghes-32', 'ghes-33', 'ghes-34', 'ghes-35'].flatMap((flavour) => {
    const twice = flavour === 'ghes-34' || flavour === 'ghes-35';
    const entries: Array<[string, ParseOutcome]> = [
      [`${flavour}:deployment:0`, DEPLOYMENT_IGNORED],
      [`${flavour}:deployment_status:0`, ghesSuccess],
      [`${flavour}:push:0`, TAG_PUSH],
      [`${flavour}:release:0`, ghesRelease],
      [`${flavour}:workflow_run:0`, QUEUED],
    ];
    if (twice) {
      entries.push(
        [`${flavour}:deployment:1`, DEPLOYMENT_IGNORED],
        [`${flavour}:deployment_status:1`, ghesSuccess],
        [`${flavour}:push:1`, TAG_PUSH],
        [`${flavour}:release:1`, ghesRelease],
      );
    }
    return entries;
  }),
);

describe('GitHub parser rules beyond the examples', () => {
  const [statusExample] = allExamples().filter(
    (example) => example.id === 'api.github.com:deployment_status:0',
  );
  const payload = structuredClone(statusExample?.payload) as {
    deployment: { payload: unknown; task: string; sha: string };
    deployment_status: { state: string; target_url: string };
  };

  it('takes the version and previous version from the deployment payload and reads failures and rollbacks', () => {
    payload.deployment.payload = { version: '2.4.1', previous_version: '2.4.2' };
    payload.deployment.task = 'deploy:rollback';
    payload.deployment_status.state = 'failure';
    payload.deployment_status.target_url = 'https://ci.example/run/7';
    const outcome = parseGithubDelivery({ event: 'deployment_status', deliveryId: 'd-2', payload });
    expect(outcome).toMatchObject({
      change: {
        kind: 'rollback',
        status: 'failed',
        version: '2.4.1',
        previousVersion: '2.4.2',
        url: 'https://ci.example/run/7',
      },
    });
  });

  it('records a completed deployment workflow with its head commit', () => {
    const [run] = allExamples().filter((example) => example.id === 'api.github.com:workflow_run:1');
    const body = structuredClone(run?.payload) as { workflow_run: { name: string; path: string } };
    body.workflow_run.name = 'Deploy production';
    expect(parseGithubDelivery({ event: 'workflow_run', deliveryId: 'd-3', payload: body })).toEqual({
      change: {
        ...base,
        target: { ...HELLO, value: 'octo-org/octo-repo' },
        idempotencyKey: 'd-3',
        kind: 'deploy',
        status: 'succeeded',
        revision: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        commits: [
          {
            sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
            at: '2020-10-05T16:32:07.000Z',
            message: 'build(test): check workflow run event payload',
            author: null,
          },
        ],
        author: 'Codertocat',
        startedAt: '2020-10-05T16:33:49.000Z',
        finishedAt: '2020-10-05T16:33:49.000Z',
        url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
        description: 'workflow Deploy production',
      },
    });
  });

  it('ignores pushes to other branches and unknown events, and names the missing field of a bad payload', () => {
    const [push] = allExamples().filter((example) => example.id === 'api.github.com:push:4');
    const body = structuredClone(push?.payload) as { ref: string };
    body.ref = 'refs/heads/feature/x';
    expect(parseGithubDelivery({ event: 'push', deliveryId: 'd', payload: body })).toEqual({
      ignored: 'push to feature/x, not the default branch master',
    });
    expect(parseGithubDelivery({ event: 'ping', deliveryId: 'd', payload: {} })).toEqual({
      ignored: 'event "ping" is not one Cairn records',
    });
    expect(() =>
      parseGithubDelivery({
        event: 'deployment_status',
        deliveryId: 'd',
        payload: { deployment_status: {} },
      }),
    ).toThrow(InputError);
    expect(() =>
      parseGithubDelivery({
        event: 'deployment_status',
        deliveryId: 'd',
        payload: { deployment_status: {} },
      }),
    ).toThrow(/body\.deployment_status\.state: Invalid input: expected string, received undefined/);
  });
});
