import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubActionsExecutor } from '../../../src/modules/actions/executors/github-actions/github-actions.executor.ts';
import {
  type GitHubActionsSettings,
  GitHubActionsSettingsSchema,
} from '../../../src/modules/actions/executors/github-actions/github-actions.settings.ts';
import { builtInExecutors } from '../../../src/modules/actions/executors/index.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github-api.fake.ts';
import { executionContext, logged } from './execution-context.ts';

describe('GitHub Actions executor against a fake GitHub API', () => {
  let github: FakeGitHub;
  const executor = createGitHubActionsExecutor({ env: { GITHUB_TOKEN: 'ghp-actions' } });
  const settings = (input: Record<string, unknown> = {}): GitHubActionsSettings =>
    GitHubActionsSettingsSchema.parse({
      apiUrl: github.url,
      repository: 'shop/payment',
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { version: '1.3.2', environment: 'production' },
      pollIntervalMs: 10,
      ...input,
    });

  beforeEach(async () => {
    github = await startFakeGitHub({ token: 'ghp-actions' });
    github.workflows.set('shop/payment/deploy.yml', {
      inputs: ['version', 'environment'],
      dispatchable: true,
      conclusion: 'success',
    });
  });
  afterEach(() => github.close());

  it('is registered as the built-in "github-actions" executor', () => {
    expect(builtInExecutors['github-actions']?.kind).toBe('github-actions');
  });

  it('dispatches with inputs and return_run_details, follows the run to success and links it (fake GitHub)', async () => {
    const context = executionContext(settings({ version: '1.3.2' }));
    const outcome = await executor.execute(context);

    const dispatch = github.server.requests.find((request) => request.path.endsWith('/dispatches'));
    expect(dispatch?.path).toBe('/repos/shop/payment/actions/workflows/deploy.yml/dispatches');
    expect(dispatch?.json).toEqual({
      ref: 'main',
      inputs: { version: '1.3.2', environment: 'production' },
      return_run_details: true,
    });
    expect(dispatch?.headers.authorization).toBe('Bearer ghp-actions');
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: 'Workflow deploy.yml run 9001 succeeded',
      change: { summary: 'ran workflow deploy.yml (run 9001)', version: '1.3.2' },
    });
    expect(context.links).toEqual([
      { title: 'Workflow run 9001', url: 'https://github.com/shop/payment/actions/runs/9001' },
    ]);
    expect(context.logs).toEqual([
      'Dispatching workflow deploy.yml on shop/payment at main with inputs version=1.3.2, environment=production',
      'Started workflow run 9001: https://github.com/shop/payment/actions/runs/9001',
      'Run 9001: queued',
      'Run 9001: in_progress',
      'deploy › Checkout: success',
      'Run 9001: completed',
      'deploy › Helm upgrade: success',
      'Job deploy: success',
    ]);
  });

  it('fails with the conclusion, the failing step and the run link (fake GitHub)', async () => {
    github.workflows.set('shop/payment/deploy.yml', {
      inputs: ['version', 'environment'],
      dispatchable: true,
      conclusion: 'failure',
    });
    await expect(executor.execute(executionContext(settings()))).rejects.toThrow(
      'GitHub Actions run 9001 of deploy.yml concluded failure (job deploy failed at step "Helm upgrade") — https://github.com/shop/payment/actions/runs/9001',
    );
  });

  it('quotes GitHub’s refusal of the dispatch and sends it only once (fake GitHub)', async () => {
    await expect(
      executor.execute(executionContext(settings({ inputs: { version: '1.3.2', replicas: 3 } }))),
    ).rejects.toThrow('GitHub refused to dispatch deploy.yml: "Unexpected inputs provided: ["replicas"]"');
    github.workflows.set('shop/payment/deploy.yml', {
      inputs: [],
      dispatchable: false,
      conclusion: 'success',
    });
    await expect(executor.execute(executionContext(settings({ inputs: {} })))).rejects.toThrow(
      'GitHub refused to dispatch deploy.yml: "Workflow does not have \'workflow_dispatch\' trigger"',
    );
    await expect(executor.execute(executionContext(settings({ workflow: 'missing.yml' })))).rejects.toThrow(
      'GitHub answered POST /repos/shop/payment/actions/workflows/missing.yml/dispatches with HTTP 404: "Not Found"',
    );
    expect(github.server.requests.filter((request) => request.method === 'POST')).toHaveLength(3);
    expect(github.runs).toEqual([]);
  });

  it('on a GitHub that does not know return_run_details, dispatches without it and says it cannot follow (fake GitHub)', async () => {
    github.workflows.set('shop/payment/deploy.yml', {
      inputs: ['version', 'environment'],
      dispatchable: true,
      conclusion: 'success',
      withoutRunDetails: true,
    });
    const context = executionContext(settings());
    const outcome = await executor.execute(context);
    expect(github.runs).toHaveLength(1);
    expect(outcome.message).toBe(
      'dispatched deploy.yml; this GitHub does not return the run it started, so Cairn cannot follow it',
    );
  });

  it('cancels the workflow run when the Cairn run is cancelled (fake GitHub)', async () => {
    const context = executionContext(settings({ pollIntervalMs: 60_000 }));
    const execution = executor.execute(context);
    await logged(context, 'Run 9001: queued');
    context.abort('cancelled by Dana Developer');
    await expect(execution).rejects.toThrow(
      'stopped while waiting for GitHub Actions run 9001: cancelled by Dana Developer',
    );
    expect(github.runs[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(context.logs.at(-1)).toBe('Asked GitHub to cancel workflow run 9001');
  });
});

describe('GitHub Actions settings', () => {
  it('names what is missing or wrong, and defaults the rest', () => {
    expect(
      GitHubActionsSettingsSchema.safeParse({ repository: 'payment' }).error?.issues.map(
        (issue) => issue.message,
      ),
    ).toEqual([
      'repository: must be "owner/name"',
      'workflow: the workflow file name (deploy.yml) or id is required',
    ]);
    expect(GitHubActionsSettingsSchema.parse({ repository: 'shop/payment', workflow: 1234 })).toEqual({
      apiUrl: 'https://api.github.com',
      repository: 'shop/payment',
      workflow: '1234',
      ref: 'main',
      inputs: {},
      tokenEnv: 'GITHUB_TOKEN',
      wait: true,
      cancelOnAbort: true,
      pollIntervalMs: 10_000,
      waitTimeoutMs: 3_600_000,
    });
  });
});
