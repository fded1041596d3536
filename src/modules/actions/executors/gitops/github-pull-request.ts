/**
 * Opens a pull request through the GitHub REST API: `POST /repos/{owner}/{repo}/pulls` with
 * `title`, `head`, `base`, `body`, `draft`; 201 answers `number` and `html_url`. GitHub explains a
 * 422 in `errors[].message` ("A pull request already exists for …"), which is quoted.
 */
import { ExecutorError } from '../../executor.ts';
import { createToolClient, type FetchFunction } from '../shared/tool-http.ts';

export interface PullRequestRequest {
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  token: string;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  signal: AbortSignal;
}

export async function openPullRequest(
  request: PullRequestRequest,
  fetchImpl?: FetchFunction,
): Promise<{ number: number; url: string }> {
  const client = createToolClient('GitHub', fetchImpl);
  const url = `${request.apiUrl.replace(/\/+$/, '')}/repos/${request.repository}/pulls`;
  const response = await client.request(url, {
    method: 'POST',
    headers: githubHeaders(request.token),
    body: {
      title: request.title,
      body: request.body,
      head: request.head,
      base: request.base,
      draft: request.draft,
    },
    signal: request.signal,
    accept: [422],
  });
  if (response.status === 422) {
    throw new ExecutorError(`GitHub refused the pull request: "${githubValidationMessage(response.body)}"`);
  }
  const created = response.body as { number?: unknown; html_url?: unknown };
  if (typeof created.number !== 'number' || typeof created.html_url !== 'string') {
    throw new ExecutorError('GitHub created the pull request but its answer has no number or html_url');
  }
  return { number: created.number, url: created.html_url };
}

export function githubHeaders(token: string): Record<string, string> {
  return {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'cairn',
  };
}

/** "Validation Failed: A pull request already exists for shop:cairn/x." from a 422 body. */
export function githubValidationMessage(body: unknown): string {
  if (!body || typeof body !== 'object') return String(body);
  const record = body as { message?: unknown; errors?: unknown };
  const details = Array.isArray(record.errors)
    ? record.errors
        .map((error) =>
          error && typeof error === 'object' && 'message' in error && typeof error.message === 'string'
            ? error.message
            : error && typeof error === 'object' && 'code' in error
              ? String(error.code)
              : '',
        )
        .filter(Boolean)
    : [];
  const message = typeof record.message === 'string' ? record.message : 'refused';
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}
