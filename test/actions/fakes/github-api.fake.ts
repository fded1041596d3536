/**
 * A fake of the GitHub REST API endpoints Cairn's executors call, on loopback:
 * - `POST /repos/{owner}/{repo}/pulls` (201 with `number`, `html_url`; 422 "Validation Failed"
 *   with `errors[].message` when a pull request for the head already exists)
 * - `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches` (`ref`, `inputs`,
 *   `return_run_details` → 200 `{workflow_run_id, run_url, html_url}`, else 204; 422 for an
 *   unknown input or a workflow without a `workflow_dispatch` trigger)
 * - `GET /repos/{owner}/{repo}/actions/runs/{run_id}` (queued → in_progress → completed, one step
 *   per read) and `GET …/runs/{run_id}/jobs` (one job, `deploy`, with its steps)
 * - `POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel` (202; 409 when already completed)
 * Requests must carry `Authorization: Bearer <token>`; anything else is 401 "Bad credentials".
 */
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from './fake-http-server.ts';

export interface FakePullRequest {
  number: number;
  repository: string;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

export interface FakeWorkflow {
  /** Declared `workflow_dispatch` inputs; others are refused like GitHub does. */
  inputs: string[];
  dispatchable: boolean;
  /** How runs of this workflow end. */
  conclusion: 'success' | 'failure';
  /** Older GitHub Enterprise Server: refuses `return_run_details`. */
  withoutRunDetails?: boolean;
}

export interface FakeWorkflowRun {
  id: number;
  repository: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  reads: number;
  plannedConclusion: 'success' | 'failure';
}

export interface FakeGitHub {
  url: string;
  server: FakeHttpServer;
  pullRequests: FakePullRequest[];
  /** Keyed by `owner/repo/workflow-file`. */
  workflows: Map<string, FakeWorkflow>;
  runs: FakeWorkflowRun[];
  close(): Promise<void>;
}

export async function startFakeGitHub(options: { token: string }): Promise<FakeGitHub> {
  const server = await startFakeHttpServer();
  const pullRequests: FakePullRequest[] = [];
  const workflows = new Map<string, FakeWorkflow>();
  const runs: FakeWorkflowRun[] = [];
  const notFound = {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
  };
  const authorized = (request: RecordedRequest) =>
    request.headers.authorization === `Bearer ${options.token}`;
  const badCredentials = {
    status: 401,
    body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
  };

  server.route('POST', '/repos/:owner/:repo/pulls', (request, params) => {
    if (!authorized(request)) return badCredentials;
    const body = request.json as Partial<FakePullRequest>;
    const repository = `${params.owner}/${params.repo}`;
    if (!body.title || !body.head || !body.base) {
      return {
        status: 422,
        body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field' }] },
      };
    }
    if (pullRequests.some((pull) => pull.repository === repository && pull.head === body.head)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${params.owner}:${body.head}.`,
            },
          ],
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        },
      };
    }
    const pull: FakePullRequest = {
      number: pullRequests.length + 1,
      repository,
      title: body.title,
      body: body.body ?? '',
      head: body.head,
      base: body.base,
      draft: body.draft === true,
    };
    pullRequests.push(pull);
    return {
      status: 201,
      body: {
        number: pull.number,
        html_url: `https://github.com/${repository}/pull/${pull.number}`,
        state: 'open',
      },
    };
  });

  server.route('POST', '/repos/:owner/:repo/actions/workflows/:workflow/dispatches', (request, params) => {
    if (!authorized(request)) return badCredentials;
    const repository = `${params.owner}/${params.repo}`;
    const workflow = workflows.get(`${repository}/${params.workflow}`);
    if (!workflow) return notFound;
    const body = (request.json ?? {}) as {
      ref?: string;
      inputs?: Record<string, unknown>;
      return_run_details?: boolean;
    };
    if (workflow.withoutRunDetails && body.return_run_details !== undefined) {
      return {
        status: 422,
        body: { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' },
      };
    }
    if (!workflow.dispatchable)
      return { status: 422, body: { message: "Workflow does not have 'workflow_dispatch' trigger" } };
    if (!body.ref) return { status: 422, body: { message: 'Invalid request.\n\n"ref" wasn\'t supplied.' } };
    const unexpected = Object.keys(body.inputs ?? {}).filter((name) => !workflow.inputs.includes(name));
    if (unexpected.length > 0) {
      return { status: 422, body: { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` } };
    }
    const run: FakeWorkflowRun = {
      id: 9_000 + runs.length + 1,
      repository,
      workflow: params.workflow ?? '',
      ref: body.ref,
      inputs: body.inputs ?? {},
      status: 'queued',
      conclusion: null,
      reads: 0,
      plannedConclusion: workflow.conclusion,
    };
    runs.push(run);
    if (!body.return_run_details) return { status: 204 };
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${server.url}/repos/${repository}/actions/runs/${run.id}`,
        html_url: `https://github.com/${repository}/actions/runs/${run.id}`,
      },
    };
  });

  const findRun = (params: Record<string, string>) =>
    runs.find((run) => run.repository === `${params.owner}/${params.repo}` && String(run.id) === params.run);

  server.route('GET', '/repos/:owner/:repo/actions/runs/:run', (request, params) => {
    if (!authorized(request)) return badCredentials;
    const run = findRun(params);
    if (!run) return notFound;
    run.reads += 1;
    if (run.status === 'queued' && run.reads >= 2) run.status = 'in_progress';
    else if (run.status === 'in_progress' && run.reads >= 3) {
      run.status = 'completed';
      run.conclusion = run.plannedConclusion;
    }
    return {
      body: {
        id: run.id,
        name: run.workflow,
        status: run.status,
        conclusion: run.conclusion,
        html_url: `https://github.com/${run.repository}/actions/runs/${run.id}`,
        run_number: run.id - 9_000,
        event: 'workflow_dispatch',
        head_branch: run.ref,
      },
    };
  });

  server.route('GET', '/repos/:owner/:repo/actions/runs/:run/jobs', (request, params) => {
    if (!authorized(request)) return badCredentials;
    const run = findRun(params);
    if (!run) return notFound;
    const done = run.status === 'completed';
    const step = (number: number, name: string, conclusion: string | null) => ({
      number,
      name,
      status: conclusion ? 'completed' : run.status === 'queued' ? 'queued' : 'in_progress',
      conclusion,
    });
    const deployConclusion = done ? (run.conclusion === 'failure' ? 'failure' : run.conclusion) : null;
    return {
      body: {
        total_count: 1,
        jobs: [
          {
            id: run.id * 10,
            run_id: run.id,
            name: 'deploy',
            status: done ? 'completed' : run.status,
            conclusion: deployConclusion,
            steps: [
              step(1, 'Checkout', run.status === 'queued' ? null : 'success'),
              step(2, 'Helm upgrade', deployConclusion),
            ],
          },
        ],
      },
    };
  });

  server.route('POST', '/repos/:owner/:repo/actions/runs/:run/cancel', (request, params) => {
    if (!authorized(request)) return badCredentials;
    const run = findRun(params);
    if (!run) return notFound;
    if (run.status === 'completed')
      return { status: 409, body: { message: 'Cannot cancel a workflow run that is completed.' } };
    run.status = 'completed';
    run.conclusion = 'cancelled';
    return { status: 202, body: {} };
  });

  return { url: server.url, server, pullRequests, workflows, runs, close: () => server.close() };
}
