/**
 * `publish:git` (any git remote over HTTPS or a local path) and `publish:github` (creates the
 * repository through the GitHub REST API, then pushes). Both commit the workspace (or its
 * `sourcePath`) as one initial commit and report `remoteUrl`, `repoContentsUrl` and `commitHash`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseRepoUrl } from '../engine/filters.ts';
import type { ActionContext, ScaffolderAction } from './action.ts';
import { stringInput } from './action.ts';
import { git, initRepoAndPush } from './git.ts';
import { resolveSafeChildPath } from './workspace-paths.ts';

export interface PublishSettings {
  /** RepoUrlPicker host → where its repositories live (`/srv/git`, `https://git.example.com`). */
  gitRemotes: Record<string, string>;
  /** GitHub API base per host; `github.com` → `https://api.github.com` unless set. */
  githubApiUrls: Record<string, string>;
  githubToken: string | null;
  gitTimeoutMs: number;
  /** Author of the initial commit when the task's user has no email. */
  defaultAuthor: { name: string; email: string };
}

function isLocalPath(url: string): boolean {
  return isAbsolute(url) || url.startsWith('file://');
}

function authorOf(context: ActionContext, settings: PublishSettings) {
  const profile = context.user?.entity.spec.profile;
  return {
    name:
      stringInput(context, 'publish', 'gitAuthorName') ?? profile?.displayName ?? settings.defaultAuthor.name,
    email:
      stringInput(context, 'publish', 'gitAuthorEmail') ?? profile?.email ?? settings.defaultAuthor.email,
  };
}

/** The remote a RepoUrlPicker value maps to: a configured base for its host, else `https://host/owner/repo.git`. */
export function gitRemoteFor(repoUrl: string, settings: PublishSettings): string {
  const { host, owner, repo, project } = parseRepoUrl(repoUrl);
  const path = `${owner ?? project}/${repo}.git`;
  const base = settings.gitRemotes[host];
  if (base)
    return isLocalPath(base)
      ? join(base.replace(/^file:\/\//, ''), path)
      : `${base.replace(/\/$/, '')}/${path}`;
  return `https://${host}/${path}`;
}

function contentsUrlOf(remoteUrl: string, branch: string): string {
  return `${remoteUrl.replace(/\.git$/, '')}/blob/${branch}`;
}

function exampleOf(remoteUrl: string, branch: string) {
  return { remoteUrl, repoContentsUrl: contentsUrlOf(remoteUrl, branch), commitHash: '0'.repeat(40) };
}

export function createPublishGitAction(settings: PublishSettings): ScaffolderAction {
  const id = 'publish:git';
  const remoteOf = (context: ActionContext) => {
    const remote = stringInput(context, id, 'remoteUrl');
    if (remote) return remote;
    const repoUrl = stringInput(context, id, 'repoUrl');
    if (!repoUrl) throw new Error(`${id}: input.repoUrl or input.remoteUrl is required`);
    return gitRemoteFor(repoUrl, settings);
  };
  return {
    id,
    description: 'Initialises a git repository from the workspace and pushes it to any git URL or local path',
    supportsDryRun: false,
    exampleOutput: async (input) => {
      const branch = typeof input.defaultBranch === 'string' ? input.defaultBranch : 'main';
      const remote =
        typeof input.remoteUrl === 'string'
          ? input.remoteUrl
          : typeof input.repoUrl === 'string'
            ? gitRemoteFor(input.repoUrl, settings)
            : '';
      return exampleOf(remote, branch);
    },
    async handler(context) {
      const remoteUrl = remoteOf(context);
      const branch = stringInput(context, id, 'defaultBranch') ?? 'main';
      const dir = resolveSafeChildPath(context.workspacePath, stringInput(context, id, 'sourcePath') ?? './');
      if (isLocalPath(remoteUrl)) {
        // A local remote is created as a bare repository when it does not exist yet.
        const path = remoteUrl.replace(/^file:\/\//, '');
        if (!existsSync(path)) {
          await mkdir(path, { recursive: true });
          await git(['init', '--quiet', '--bare', '--initial-branch', branch], { cwd: path });
          context.log(`Created bare repository ${path}`);
        }
      }
      const commitHash = await initRepoAndPush({
        dir,
        remoteUrl,
        defaultBranch: branch,
        commitMessage: stringInput(context, id, 'gitCommitMessage') ?? 'initial commit',
        author: authorOf(context, settings),
        signal: context.signal,
        timeoutMs: settings.gitTimeoutMs,
      });
      context.log(`Pushed ${commitHash.slice(0, 12)} to ${remoteUrl} (${branch})`);
      context.output('remoteUrl', remoteUrl);
      context.output('repoContentsUrl', contentsUrlOf(remoteUrl, branch));
      context.output('commitHash', commitHash);
    },
  };
}

async function githubRequest(
  url: string,
  token: string,
  init: { method?: string; body?: unknown },
  signal: AbortSignal,
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal,
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: response.status, body };
}

export function createPublishGithubAction(settings: PublishSettings): ScaffolderAction {
  const id = 'publish:github';
  return {
    id,
    description: 'Creates a GitHub repository through the API and pushes the workspace to it',
    supportsDryRun: false,
    exampleOutput: async (input) => {
      const branch = typeof input.defaultBranch === 'string' ? input.defaultBranch : 'main';
      if (typeof input.repoUrl !== 'string') return exampleOf('', branch);
      const { host, owner, repo } = parseRepoUrl(input.repoUrl);
      return exampleOf(`https://${host}/${owner}/${repo}.git`, branch);
    },
    async handler(context) {
      const repoUrl = stringInput(context, id, 'repoUrl', true);
      const { host, owner, repo } = parseRepoUrl(repoUrl);
      const allowedHosts = context.input.allowedHosts;
      if (Array.isArray(allowedHosts) && !allowedHosts.includes(host)) {
        throw new Error(`${id}: host ${host} is not in allowedHosts (${allowedHosts.join(', ')})`);
      }
      const token = stringInput(context, id, 'token') ?? settings.githubToken;
      if (!token) throw new Error(`${id}: no GitHub token (set templates.github.token)`);
      const api = (
        settings.githubApiUrls[host] ??
        (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`)
      ).replace(/\/$/, '');
      const branch = stringInput(context, id, 'defaultBranch') ?? 'main';
      const owner_ = String(owner);
      const user = await githubRequest(
        `${api}/users/${encodeURIComponent(owner_)}`,
        token,
        {},
        context.signal,
      );
      if (user.status !== 200)
        throw new Error(`${id}: GitHub owner ${owner_} not found (HTTP ${user.status})`);
      const repoBody = {
        name: repo,
        description: stringInput(context, id, 'description'),
        private: (stringInput(context, id, 'repoVisibility') ?? 'private') !== 'public',
        homepage: stringInput(context, id, 'homepage'),
      };
      const created =
        user.body.type === 'Organization'
          ? await githubRequest(
              `${api}/orgs/${encodeURIComponent(owner_)}/repos`,
              token,
              { method: 'POST', body: repoBody },
              context.signal,
            )
          : await githubRequest(
              `${api}/user/repos`,
              token,
              { method: 'POST', body: repoBody },
              context.signal,
            );
      if (created.status !== 201) {
        const message =
          typeof created.body.message === 'string' ? created.body.message : `HTTP ${created.status}`;
        throw new Error(`${id}: creating ${owner_}/${repo} failed: ${message}`);
      }
      const cloneUrl = String(created.body.clone_url);
      const htmlUrl = String(created.body.html_url);
      context.log(`Created repository ${owner_}/${repo}`);
      const commitHash = await initRepoAndPush({
        dir: resolveSafeChildPath(context.workspacePath, stringInput(context, id, 'sourcePath') ?? './'),
        remoteUrl: cloneUrl,
        defaultBranch: branch,
        commitMessage: stringInput(context, id, 'gitCommitMessage') ?? 'initial commit',
        author: authorOf(context, settings),
        signal: context.signal,
        timeoutMs: settings.gitTimeoutMs,
        authorizationHeader: isLocalPath(cloneUrl)
          ? undefined
          : `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
      });
      context.log(`Pushed ${commitHash.slice(0, 12)} to ${cloneUrl} (${branch})`);
      context.output('remoteUrl', cloneUrl);
      context.output('repoContentsUrl', `${htmlUrl}/blob/${branch}`);
      context.output('commitHash', commitHash);
    },
  };
}
