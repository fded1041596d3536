import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitOpsExecutor } from '../../../src/modules/actions/executors/gitops/gitops.executor.ts';
import {
  type GitOpsSettings,
  GitOpsSettingsSchema,
} from '../../../src/modules/actions/executors/gitops/gitops.settings.ts';
import { builtInExecutors } from '../../../src/modules/actions/executors/index.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github-api.fake.ts';
import { executionContext } from './execution-context.ts';
import { type BareRepository, createBareRepository } from './git-fixtures.ts';

const paymentValues = `# Payment's Helm values (owned by team-orders)
replicaCount: 3

image:
  repository: ghcr.io/shop/payment   # the registry
  tag: "1.4.0"  # deployed by Cairn
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  # one entry per container image
  - name: ghcr.io/shop/payment
    newTag: 1.4.0
`;

function settings(input: Record<string, unknown>): GitOpsSettings {
  return GitOpsSettingsSchema.parse(input);
}

describe('GitOps executor against real bare git repositories', () => {
  let repo: BareRepository;
  let base: string;
  beforeEach(() => {
    repo = createBareRepository();
    base = repo.commit(
      {
        'services/payment/values.yaml': paymentValues,
        'overlays/production/kustomization.yaml': kustomization,
      },
      'Payment at 1.4.0',
    );
  });
  afterEach(() => repo.remove());

  it('is registered as the built-in "gitops" executor', () => {
    expect(builtInExecutors.gitops?.kind).toBe('gitops');
  });

  it('commits the new image tag to the branch as the actor, keeping the file’s comments and quotes', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.3.2',
        webUrl: 'https://git.shop.example/platform/deploy',
      }),
    );
    const outcome = await createGitOpsExecutor().execute(context);

    expect(repo.show('services/payment/values.yaml')).toBe(
      paymentValues.replace('tag: "1.4.0"  # deployed by Cairn', 'tag: "1.3.2"  # deployed by Cairn'),
    );
    const [author, committer, subject, parent, sha] = repo
      .git(['log', '-1', '--format=%an <%ae>%n%cn <%ce>%n%s%n%P%n%H'])
      .trim()
      .split('\n');
    expect(author).toBe('Dana Developer <dana@shop.example>');
    expect(committer).toBe('Cairn <cairn@localhost>');
    expect(subject).toBe('payment: set image.tag to 1.3.2');
    expect(parent).toBe(base);
    expect(repo.git(['log', '-1', '--format=%b'])).toContain('Cairn-Run: run-1');
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: `Committed ${sha?.slice(0, 12)} to main: set image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2`,
      change: {
        version: '1.3.2',
        summary: 'set image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2',
        revision: sha,
      },
    });
    expect(context.links).toEqual([
      { title: `Commit ${sha?.slice(0, 7)}`, url: `https://git.shop.example/platform/deploy/commit/${sha}` },
    ]);
    expect(context.logs).toEqual([
      `Cloning ${repo.url} (branch main)`,
      'Setting image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2',
      `Pushing commit ${sha?.slice(0, 12)} to main`,
    ]);
  });

  it('sets a kustomization image by name (images[].newTag)', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'overlays/production/kustomization.yaml',
        yamlPath: 'images[name=ghcr.io/shop/payment].newTag',
        value: '1.3.2',
        commitMessage: 'Roll back payment to 1.3.2',
      }),
    );
    const outcome = await createGitOpsExecutor().execute(context);
    expect(outcome.change).toEqual({
      version: '1.3.2',
      summary:
        'set images[name=ghcr.io/shop/payment].newTag in overlays/production/kustomization.yaml from 1.4.0 to 1.3.2',
      revision: repo.git(['rev-parse', 'main']).trim(),
    });
    expect(repo.show('overlays/production/kustomization.yaml')).toBe(
      kustomization.replace('newTag: 1.4.0', 'newTag: 1.3.2'),
    );
    expect(repo.git(['log', '-1', '--format=%s']).trim()).toBe('Roll back payment to 1.3.2');
  });

  it('starts again from the new tip when someone pushed between its fetch and its push', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.3.2',
      }),
    );
    let theirs = '';
    const executor = createGitOpsExecutor({
      beforePush: async (attempt) => {
        if (attempt === 1) {
          theirs = repo.commit(
            { 'services/payment/values.yaml': paymentValues.replace('replicaCount: 3', 'replicaCount: 4') },
            'Scale payment to 4',
          );
        }
      },
    });
    await executor.execute(context);
    // Both changes are there: theirs (kept, as the parent) and ours, applied on top of it.
    expect(repo.show('services/payment/values.yaml')).toBe(
      paymentValues.replace('replicaCount: 3', 'replicaCount: 4').replace('"1.4.0"', '"1.3.2"'),
    );
    expect(repo.git(['log', '-1', '--format=%P']).trim()).toBe(theirs);
    expect(context.logs).toContain('main moved while Cairn was committing; starting again from its new tip');
  });

  it('gives up with git’s rejection after pushAttempts races', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.3.2',
        pushAttempts: 2,
      }),
    );
    let replicas = 3;
    const executor = createGitOpsExecutor({
      beforePush: async () => {
        replicas += 1;
        repo.commit(
          {
            'services/payment/values.yaml': paymentValues.replace(
              'replicaCount: 3',
              `replicaCount: ${replicas}`,
            ),
          },
          `Scale to ${replicas}`,
        );
      },
    });
    await expect(executor.execute(context)).rejects.toThrow(/^git push failed: .*\[rejected\]/);
    expect(repo.show('services/payment/values.yaml')).toContain('tag: "1.4.0"');
  });

  it('commits nothing when the value is already set', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.4.0',
      }),
    );
    const outcome = await createGitOpsExecutor().execute(context);
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'image.tag in services/payment/values.yaml is already 1.4.0 on main; nothing to commit',
    });
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(base);
  });

  it('reverts a commit, authored by the actor', async () => {
    const bad = repo.commit(
      { 'services/payment/values.yaml': paymentValues.replace('"1.4.0"', '"1.5.0"') },
      'Payment to 1.5.0',
    );
    const context = executionContext(
      settings({ repository: repo.url, operation: 'revert', commit: bad.slice(0, 10) }),
    );
    const outcome = await createGitOpsExecutor().execute(context);
    expect(repo.show('services/payment/values.yaml')).toBe(paymentValues);
    expect(repo.git(['log', '-1', '--format=%an|%s|%P']).trim()).toBe(
      `Dana Developer|Revert "Payment to 1.5.0"|${bad}`,
    );
    expect(repo.git(['log', '-1', '--format=%b'])).toContain(`This reverts commit ${bad}.`);
    expect(outcome.outcome).toBe('succeeded');
    expect(outcome.change).toEqual({
      summary: `reverted ${bad.slice(0, 12)} "Payment to 1.5.0"`,
      revision: repo.git(['rev-parse', 'main']).trim(),
    });
  });

  it('fails with git’s conflict message when the revert does not apply, pushing nothing', async () => {
    const first = repo.commit(
      { 'services/payment/values.yaml': paymentValues.replace('"1.4.0"', '"1.5.0"') },
      'To 1.5.0',
    );
    const second = repo.commit(
      { 'services/payment/values.yaml': paymentValues.replace('"1.4.0"', '"1.6.0"') },
      'To 1.6.0',
    );
    const context = executionContext(settings({ repository: repo.url, operation: 'revert', commit: first }));
    await expect(createGitOpsExecutor().execute(context)).rejects.toThrow(
      new RegExp(
        `^git cannot revert ${first.slice(0, 12)} on main cleanly: .*CONFLICT \\(content\\): Merge conflict in services/payment/values.yaml`,
      ),
    );
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(second);
  });

  it('refuses a path that is not in the file, naming the keys that are, and pushes nothing', async () => {
    const context = executionContext(
      settings({
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tga',
        value: '1.3.2',
      }),
    );
    await expect(createGitOpsExecutor().execute(context)).rejects.toThrow(
      'services/payment/values.yaml: image has no key "tga" (it has: repository, tag)',
    );
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(base);
  });

  it('says when the branch or the file does not exist', async () => {
    const missingBranch = executionContext(
      settings({ repository: repo.url, branch: 'prod', file: 'x.yaml', yamlPath: 'a', value: '1' }),
    );
    await expect(createGitOpsExecutor().execute(missingBranch)).rejects.toThrow(
      `the branch prod does not exist in ${repo.url}`,
    );
    const missingFile = executionContext(
      settings({ repository: repo.url, file: 'services/cart/values.yaml', yamlPath: 'a', value: '1' }),
    );
    await expect(createGitOpsExecutor().execute(missingFile)).rejects.toThrow(
      `services/cart/values.yaml does not exist on main of ${repo.url}`,
    );
  });

  it('stops when the run is cancelled while git waits on an unresponsive remote', async () => {
    // A loopback HTTP server that accepts the request and never answers: git waits forever.
    let reached: () => void = () => {};
    const gitIsWaiting = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const hanging = createServer(() => reached());
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    try {
      const context = executionContext(
        settings({
          repository: `http://127.0.0.1:${port}/deploy.git`,
          file: 'v.yaml',
          yamlPath: 'a',
          value: '1',
        }),
      );
      const execution = createGitOpsExecutor().execute(context);
      await gitIsWaiting;
      const cancelledAt = Date.now();
      context.abort('cancelled by Dana Developer');
      await expect(execution).rejects.toThrow('stopped while running git fetch: cancelled by Dana Developer');
      expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  describe('pull-request mode with a fake GitHub API', () => {
    let github: FakeGitHub;
    beforeEach(async () => {
      github = await startFakeGitHub({ token: 'ghp-test' });
    });
    afterEach(() => github.close());

    it('pushes a branch and opens a pull request against the branch (fake GitHub)', async () => {
      const context = executionContext(
        settings({
          repository: repo.url,
          file: 'services/payment/values.yaml',
          yamlPath: 'image.tag',
          value: '1.3.2',
          mode: 'pull-request',
          pullRequest: { apiUrl: github.url, repository: 'shop/deploy', tokenEnv: 'DEPLOY_GITHUB_TOKEN' },
        }),
      );
      const outcome = await createGitOpsExecutor({ env: { DEPLOY_GITHUB_TOKEN: 'ghp-test' } }).execute(
        context,
      );

      expect(repo.show('services/payment/values.yaml', 'cairn/rollback-run-1')).toContain(
        'tag: "1.3.2"  # deployed by Cairn',
      );
      expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(base);
      expect(github.pullRequests).toEqual([
        {
          number: 1,
          repository: 'shop/deploy',
          title: 'payment: set image.tag to 1.3.2',
          body: 'set image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2\n\nOpened by Cairn for Dana Developer (action `rollback`, run `run-1`).',
          head: 'cairn/rollback-run-1',
          base: 'main',
          draft: false,
        },
      ]);
      expect(context.links).toContainEqual({
        title: 'Pull request #1',
        url: 'https://github.com/shop/deploy/pull/1',
      });
      expect(outcome.message).toBe(
        'Opened pull request #1 (https://github.com/shop/deploy/pull/1): set image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2',
      );
      // No revision: the commit reaches the branch the deploy tool follows only when the pull request merges.
      expect(outcome.change).toEqual({
        version: '1.3.2',
        summary: 'set image.tag in services/payment/values.yaml from 1.4.0 to 1.3.2 (pull request #1)',
      });
    });

    it('quotes GitHub’s refusal (fake GitHub)', async () => {
      const pull = {
        repository: repo.url,
        file: 'services/payment/values.yaml',
        yamlPath: 'image.tag',
        value: '1.3.2',
        mode: 'pull-request',
        pullRequest: { apiUrl: github.url, repository: 'shop/deploy' },
      };
      github.pullRequests.push({
        number: 7,
        repository: 'shop/deploy',
        title: 'an earlier attempt',
        body: '',
        head: 'cairn/rollback-run-1',
        base: 'main',
        draft: false,
      });
      const executor = createGitOpsExecutor({ env: { GITHUB_TOKEN: 'ghp-test' } });
      await expect(executor.execute(executionContext(settings(pull)))).rejects.toThrow(
        'GitHub refused the pull request: "Validation Failed: A pull request already exists for shop:cairn/rollback-run-1."',
      );
      const wrongToken = createGitOpsExecutor({ env: { GITHUB_TOKEN: 'expired' } });
      await expect(wrongToken.execute(executionContext(settings(pull), { runId: 'run-2' }))).rejects.toThrow(
        'GitHub answered POST /repos/shop/deploy/pulls with HTTP 401: "Bad credentials"',
      );
    });

    it('says which environment variable holds the missing token', async () => {
      const context = executionContext(
        settings({
          repository: repo.url,
          file: 'a.yaml',
          yamlPath: 'a',
          value: '1',
          mode: 'pull-request',
          pullRequest: { repository: 'shop/deploy' },
        }),
      );
      await expect(createGitOpsExecutor({ env: {} }).execute(context)).rejects.toThrow(
        'the environment variable GITHUB_TOKEN is not set; Cairn needs it for opening the pull request on GitHub',
      );
    });
  });
});

describe('GitOps settings', () => {
  it('names each missing field for set-value and revert', () => {
    const setValue = GitOpsSettingsSchema.safeParse({ repository: '/srv/deploy.git' });
    expect(setValue.error?.issues.map((issue) => issue.message)).toEqual([
      'file: required when operation is set-value',
      'yamlPath: required when operation is set-value',
      'value: required when operation is set-value',
    ]);
    const revert = GitOpsSettingsSchema.safeParse({ repository: '/srv/deploy.git', operation: 'revert' });
    expect(revert.error?.issues.map((issue) => issue.message)).toEqual([
      'commit: required when operation is revert',
    ]);
    expect(GitOpsSettingsSchema.safeParse({}).error?.issues[0]?.message).toBe(
      'repository: the deployment repository (an https:// or ssh URL, or a local path) is required',
    );
  });

  it('derives the pull request repository from a github.com remote', () => {
    const parsed = GitOpsSettingsSchema.parse({
      repository: 'https://github.com/shop/deploy.git',
      file: 'a.yaml',
      yamlPath: 'a',
      value: '${{ inputs.version }}',
      mode: 'pull-request',
    });
    expect(parsed.pullRequest).toEqual({
      apiUrl: 'https://api.github.com',
      tokenEnv: 'GITHUB_TOKEN',
      branchPrefix: 'cairn/',
      draft: false,
    });
    expect(
      GitOpsSettingsSchema.safeParse({
        repository: '/srv/deploy.git',
        file: 'a',
        yamlPath: 'a',
        value: '1',
        mode: 'pull-request',
      }).error?.issues[0]?.message,
    ).toBe('pullRequest.repository: required ("owner/name") when repository is not a github.com URL');
  });
});
