/**
 * GitHub Actions: dispatch a workflow (`workflow_dispatch`) with inputs and follow the run it
 * started until it completes. The dispatch asks for `return_run_details`, so the run is known
 * exactly rather than guessed from a list. Job and step results become log lines; the run's page
 * is linked. A cancelled Cairn run cancels the workflow run too (`cancelOnAbort`).
 */
import { type ActionExecutor, type ExecutionContext, ExecutorError } from '../../executor.ts';
import { type Environment, requireSecret } from '../shared/secrets.ts';
import type { FetchFunction } from '../shared/tool-http.ts';
import { abortedError, pollUntil } from '../shared/waiting.ts';
import {
  createGitHubActionsClient,
  type GitHubActionsClient,
  type WorkflowJob,
  type WorkflowRun,
} from './github-actions.api.ts';
import { type GitHubActionsSettings, GitHubActionsSettingsSchema } from './github-actions.settings.ts';

export interface GitHubActionsExecutorDeps {
  env?: Environment;
  fetch?: FetchFunction;
}

type Context = ExecutionContext<GitHubActionsSettings>;

/** Conclusions that mean the workflow did what it was asked. */
const SUCCESSFUL_CONCLUSIONS = new Set(['success']);
const CANCEL_TIMEOUT_MS = 10_000;

export function createGitHubActionsExecutor(
  deps: GitHubActionsExecutorDeps = {},
): ActionExecutor<typeof GitHubActionsSettingsSchema> {
  const env = deps.env ?? process.env;
  return {
    kind: 'github-actions',
    settingsSchema: GitHubActionsSettingsSchema,
    async execute(context) {
      const { settings } = context;
      const client = createGitHubActionsClient({
        apiUrl: settings.apiUrl,
        repository: settings.repository,
        token: requireSecret(env, settings.tokenEnv, `dispatching workflows on ${settings.repository}`),
        fetch: deps.fetch,
      });
      const inputNames = Object.keys(settings.inputs);
      context.log(
        `Dispatching workflow ${settings.workflow} on ${settings.repository} at ${settings.ref}` +
          (inputNames.length > 0
            ? ` with inputs ${inputNames.map((name) => `${name}=${String(settings.inputs[name])}`).join(', ')}`
            : ''),
      );
      const dispatched = await client.dispatch(
        settings.workflow,
        { ref: settings.ref, inputs: settings.inputs },
        context.signal,
      );
      const version = settings.version ? { version: settings.version } : {};
      if (dispatched.kind === 'no-details') {
        const runsPage = `${webUrl(settings)}/actions/workflows/${encodeURIComponent(settings.workflow)}`;
        context.link({ title: `Workflow ${settings.workflow}`, url: runsPage });
        const message = `dispatched ${settings.workflow}; this GitHub does not return the run it started, so Cairn cannot follow it`;
        context.log(message);
        return {
          outcome: 'succeeded',
          message,
          change: { summary: `dispatched ${settings.workflow}`, ...version },
        };
      }
      if (dispatched.htmlUrl)
        context.link({ title: `Workflow run ${dispatched.runId}`, url: dispatched.htmlUrl });
      context.log(
        `Started workflow run ${dispatched.runId}${dispatched.htmlUrl ? `: ${dispatched.htmlUrl}` : ''}`,
      );
      const summary = `ran workflow ${settings.workflow} (run ${dispatched.runId})`;
      if (!settings.wait) {
        return {
          outcome: 'succeeded',
          message: `Dispatched ${settings.workflow} (run ${dispatched.runId})`,
          change: { summary, ...version },
        };
      }
      const run = await followRun(context, client, dispatched.runId);
      if (!SUCCESSFUL_CONCLUSIONS.has(run.conclusion ?? '')) {
        const failing = await failingSteps(client, run.id, context.signal);
        throw new ExecutorError(
          `GitHub Actions run ${run.id} of ${settings.workflow} concluded ${run.conclusion ?? 'without a conclusion'}` +
            (failing ? ` (${failing})` : '') +
            ` — ${run.html_url}`,
        );
      }
      return {
        outcome: 'succeeded',
        message: `Workflow ${settings.workflow} run ${run.id} succeeded`,
        change: { summary, ...version },
      };
    },
  };
}

async function followRun(context: Context, client: GitHubActionsClient, runId: number): Promise<WorkflowRun> {
  const { settings } = context;
  let lastStatus = '';
  const reported = new Set<string>();
  try {
    return await pollUntil(
      async () => {
        const run = await client.getRun(runId, context.signal);
        if (run.status !== lastStatus) {
          context.log(`Run ${runId}: ${run.status}`);
          lastStatus = run.status;
        }
        for (const line of stepLines(await client.listJobs(runId, context.signal), reported))
          context.log(line);
        return run.status === 'completed' ? run : undefined;
      },
      {
        intervalMs: settings.pollIntervalMs,
        timeoutMs: settings.waitTimeoutMs,
        signal: context.signal,
        waitingFor: `GitHub Actions run ${runId} to complete`,
        describeLast: () => lastStatus,
      },
    );
  } catch (error) {
    if (context.signal.aborted && settings.cancelOnAbort) await cancelQuietly(context, client, runId);
    if (context.signal.aborted) throw abortedError(context.signal, `waiting for GitHub Actions run ${runId}`);
    throw error;
  }
}

/** Cancels the workflow run after the Cairn run was cancelled; its own failure is only logged. */
async function cancelQuietly(context: Context, client: GitHubActionsClient, runId: number): Promise<void> {
  try {
    await client.cancelRun(runId, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
    context.log(`Asked GitHub to cancel workflow run ${runId}`);
  } catch (error) {
    context.log(
      `Could not cancel workflow run ${runId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** One line per job and step that finished since the last poll, in order. */
function stepLines(jobs: readonly WorkflowJob[], reported: Set<string>): string[] {
  const lines: string[] = [];
  for (const job of jobs) {
    for (const step of job.steps ?? []) {
      const key = `${job.id}/${step.number}`;
      if (step.status !== 'completed' || reported.has(key)) continue;
      reported.add(key);
      lines.push(`${job.name} › ${step.name}: ${step.conclusion ?? 'done'}`);
    }
    if (job.status === 'completed' && !reported.has(`${job.id}`)) {
      reported.add(`${job.id}`);
      lines.push(`Job ${job.name}: ${job.conclusion ?? 'done'}`);
    }
  }
  return lines;
}

async function failingSteps(
  client: GitHubActionsClient,
  runId: number,
  signal: AbortSignal,
): Promise<string> {
  try {
    const jobs = await client.listJobs(runId, signal);
    return jobs
      .filter((job) => job.conclusion === 'failure')
      .map((job) => {
        const step = job.steps?.find((candidate) => candidate.conclusion === 'failure');
        return step ? `job ${job.name} failed at step "${step.name}"` : `job ${job.name} failed`;
      })
      .join('; ');
  } catch {
    return '';
  }
}

function webUrl(settings: GitHubActionsSettings): string {
  const host =
    settings.apiUrl === 'https://api.github.com'
      ? 'https://github.com'
      : settings.apiUrl.replace(/\/api\/v3$/, '');
  return `${host}/${settings.repository}`;
}
