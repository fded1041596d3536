/**
 * The GitHub REST API calls the github-actions executor makes:
 * - `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches` with `ref`, `inputs`
 *   and `return_run_details: true` → 200 `{workflow_run_id, run_url, html_url}`
 * - `GET /repos/{owner}/{repo}/actions/runs/{run_id}` → `status`, `conclusion`, `html_url`
 * - `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs` → `jobs[].steps[]` for the log
 * - `POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel` when the Cairn run is cancelled
 */
import { ExecutorError } from '../../executor.ts';
import { githubHeaders, githubValidationMessage } from '../gitops/github-pull-request.ts';
import { createToolClient, type FetchFunction } from '../shared/tool-http.ts';

export interface WorkflowRun {
  id: number;
  status: string;
  conclusion: string | null;
  html_url: string;
  run_number?: number;
  display_title?: string;
}

export interface WorkflowJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url?: string;
  steps?: { name: string; status: string; conclusion: string | null; number: number }[];
}

export type Dispatched =
  | { kind: 'run'; runId: number; runUrl: string; htmlUrl: string }
  /** An older GitHub Enterprise Server that does not return run details. */
  | { kind: 'no-details' };

export function createGitHubActionsClient(options: {
  apiUrl: string;
  repository: string;
  token: string;
  fetch?: FetchFunction;
}) {
  const client = createToolClient('GitHub', options.fetch);
  const headers = githubHeaders(options.token);
  const repo = `${options.apiUrl}/repos/${options.repository}`;

  async function dispatchOnce(
    workflow: string,
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    return client.request(`${repo}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`, {
      method: 'POST',
      headers,
      body,
      signal,
      accept: [422, 400],
    });
  }

  return {
    async dispatch(
      workflow: string,
      request: { ref: string; inputs: Record<string, unknown> },
      signal: AbortSignal,
    ): Promise<Dispatched> {
      const first = await dispatchOnce(workflow, { ...request, return_run_details: true }, signal);
      if (first.status === 200) {
        const details = first.body as { workflow_run_id?: unknown; run_url?: unknown; html_url?: unknown };
        if (typeof details.workflow_run_id !== 'number') {
          throw new ExecutorError('GitHub dispatched the workflow but did not return workflow_run_id');
        }
        return {
          kind: 'run',
          runId: details.workflow_run_id,
          runUrl: String(details.run_url ?? ''),
          htmlUrl: String(details.html_url ?? ''),
        };
      }
      if (first.status === 204) return { kind: 'no-details' };
      const refusal = githubValidationMessage(first.body);
      // A refused request dispatched nothing, so sending it again without the one parameter an
      // older GitHub Enterprise Server does not know is not a repeat.
      if (/return_run_details/.test(refusal)) {
        const second = await dispatchOnce(workflow, request, signal);
        if (second.status === 204 || second.status === 200) return { kind: 'no-details' };
        throw new ExecutorError(
          `GitHub refused to dispatch ${workflow}: "${githubValidationMessage(second.body)}"`,
        );
      }
      throw new ExecutorError(`GitHub refused to dispatch ${workflow}: "${refusal}"`);
    },
    async getRun(runId: number, signal: AbortSignal): Promise<WorkflowRun> {
      return (await client.request(`${repo}/actions/runs/${runId}`, { headers, signal })).body as WorkflowRun;
    },
    async listJobs(runId: number, signal: AbortSignal): Promise<WorkflowJob[]> {
      const response = await client.request(`${repo}/actions/runs/${runId}/jobs?per_page=100`, {
        headers,
        signal,
      });
      return (response.body as { jobs?: WorkflowJob[] }).jobs ?? [];
    },
    async cancelRun(runId: number, signal: AbortSignal): Promise<void> {
      await client.request(`${repo}/actions/runs/${runId}/cancel`, {
        method: 'POST',
        headers,
        signal,
        accept: [409],
      });
    },
  };
}

export type GitHubActionsClient = ReturnType<typeof createGitHubActionsClient>;
