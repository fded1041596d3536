import { z } from 'zod';
import { CliError } from '../cli-error.ts';
import type { GithubClient } from './import-github-client.ts';

/** One item of `POST /api/v1/integrations/github/import`: what the webhook would have carried. */
export interface ImportItem {
  event: 'deployment_status' | 'release' | 'push';
  id: string;
  payload: Record<string, unknown>;
}

const Repository = z.looseObject({
  full_name: z.string(),
  html_url: z.string().optional(),
  default_branch: z.string(),
});
const Deployment = z.looseObject({ id: z.number(), created_at: z.string() });
const Status = z.looseObject({ id: z.number(), state: z.string(), created_at: z.string() });
const Release = z.looseObject({
  id: z.number(),
  draft: z.boolean(),
  created_at: z.string(),
  published_at: z.string().nullable(),
});
const Commit = z.looseObject({
  sha: z.string(),
  commit: z.looseObject({
    message: z.string().optional(),
    author: z.looseObject({ name: z.string().optional(), date: z.string() }).nullable(),
  }),
  author: z.looseObject({ login: z.string() }).nullable().optional(),
  parents: z.array(z.looseObject({ sha: z.string() })),
});

function read<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`GitHub sent ${what} Cairn cannot read: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Reads a repository's history since `sinceMs` through the REST API and yields it as webhook
 * payloads, one batch per page: deployment statuses (`GET /repos/{r}/deployments` and each one's
 * `/statuses`), published releases (`/releases`), and the default branch's commits
 * (`/commits?sha&since`), each commit as a push of that one commit after its first parent.
 */
export async function* readGithubHistory(
  client: GithubClient,
  repo: string,
  sinceMs: number,
): AsyncGenerator<{ kind: 'deployments' | 'releases' | 'commits'; items: ImportItem[] }> {
  const repository = read(Repository, await client.getOne(`/repos/${repo}`), 'a repository');
  const repositoryPayload = {
    full_name: repository.full_name,
    ...(repository.html_url ? { html_url: repository.html_url } : {}),
    default_branch: repository.default_branch,
  };
  const since = (at: string | null) => at !== null && Date.parse(at) >= sinceMs;

  // Deployments come newest first: stop at the first page reaching before --since.
  for await (const page of client.pages(`/repos/${repo}/deployments`, {}, 'deployments')) {
    const deployments = page.map((d) => ({
      raw: d as Record<string, unknown>,
      ...read(Deployment, d, 'a deployment'),
    }));
    const items: ImportItem[] = [];
    for (const deployment of deployments.filter((d) => since(d.created_at))) {
      for await (const statuses of client.pages(
        `/repos/${repo}/deployments/${deployment.id}/statuses`,
        {},
        `deployment ${deployment.id} statuses`,
      )) {
        for (const raw of statuses) {
          const status = read(Status, raw, 'a deployment status');
          items.push({
            event: 'deployment_status',
            id: `deployment_status:${repository.full_name}:${status.id}`,
            payload: { deployment_status: raw, deployment: deployment.raw, repository: repositoryPayload },
          });
        }
      }
    }
    yield { kind: 'deployments', items };
    if (deployments.some((d) => !since(d.created_at))) break;
  }

  for await (const page of client.pages(`/repos/${repo}/releases`, {}, 'releases')) {
    const releases = page.map((r) => ({
      raw: r as Record<string, unknown>,
      ...read(Release, r, 'a release'),
    }));
    const items: ImportItem[] = releases
      .filter((r) => !r.draft && since(r.published_at))
      .map((r) => ({
        event: 'release',
        id: `release:${repository.full_name}:${r.id}`,
        payload: { action: 'published', release: r.raw, repository: repositoryPayload },
      }));
    yield { kind: 'releases', items };
    if (releases.some((r) => !since(r.created_at))) break;
  }

  const branch = repository.default_branch;
  for await (const page of client.pages(
    `/repos/${repo}/commits`,
    { sha: branch, since: new Date(sinceMs).toISOString() },
    `commits on ${branch}`,
  )) {
    const items: ImportItem[] = page.map((raw) => {
      const commit = read(Commit, raw, 'a commit');
      const pushed = {
        id: commit.sha,
        timestamp: commit.commit.author?.date,
        message: commit.commit.message,
        author: { name: commit.commit.author?.name, username: commit.author?.login },
      };
      return {
        event: 'push',
        id: `push:${repository.full_name}:${commit.sha}`,
        payload: {
          ref: `refs/heads/${branch}`,
          before: commit.parents[0]?.sha ?? '0'.repeat(40),
          after: commit.sha,
          commits: [pushed],
          head_commit: pushed,
          repository: repositoryPayload,
        },
      };
    });
    yield { kind: 'commits', items };
  }
}
