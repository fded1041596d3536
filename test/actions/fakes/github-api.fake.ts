/**
 * A fake of the GitHub REST API endpoints Cairn's executors call, on loopback:
 * - `POST /repos/{owner}/{repo}/pulls` (201 with `number`, `html_url`; 422 "Validation Failed"
 *   with `errors[].message` when a pull request for the head already exists)
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

export interface FakeGitHub {
  url: string;
  server: FakeHttpServer;
  pullRequests: FakePullRequest[];
  close(): Promise<void>;
}

export async function startFakeGitHub(options: { token: string }): Promise<FakeGitHub> {
  const server = await startFakeHttpServer();
  const pullRequests: FakePullRequest[] = [];
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

  return { url: server.url, server, pullRequests, close: () => server.close() };
}
