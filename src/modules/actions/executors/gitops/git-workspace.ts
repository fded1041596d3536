/**
 * A throwaway clone of the deployment repository, driven through the git binary (execFile, never a
 * shell; prompts off so a URL without credentials fails instead of hanging). The git binary is
 * what the catalog's git source already uses, and it pushes to bare repositories, file paths and
 * HTTPS remotes alike, which isomorphic-git does not (it has no push over the file protocol).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorError } from '../../executor.ts';
import { abortedError } from '../shared/waiting.ts';

export interface Person {
  name: string;
  email: string;
}

export interface GitWorkspaceOptions {
  url: string;
  /** An HTTPS token, sent as a header through the environment so it never shows in `ps`. */
  token?: string | undefined;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface GitWorkspace {
  dir: string;
  git(args: readonly string[], env?: Record<string, string>): Promise<string>;
  dispose(): Promise<void>;
}

export async function openGitWorkspace(options: GitWorkspaceOptions): Promise<GitWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-gitops-'));
  const baseEnv: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    ...(options.token ? authorizationConfig(options.token) : {}),
  };
  const git = (args: readonly string[], env: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        'git',
        // Signing and hooks set up for people on this machine must not block an unattended commit.
        [
          '-C',
          dir,
          '-c',
          'advice.detachedHead=false',
          '-c',
          'commit.gpgSign=false',
          '-c',
          'core.hooksPath=/dev/null',
          ...args,
        ],
        {
          timeout: options.timeoutMs,
          signal: options.signal,
          env: { ...process.env, ...baseEnv, ...env },
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          if (options.signal.aborted) {
            reject(abortedError(options.signal, `running git ${args[0] ?? ''}`));
            return;
          }
          // execFile's error carries `killed` when the timeout fired.
          const killed = (error as { killed?: boolean }).killed === true;
          // Some of git's reasons go to stdout: CONFLICT lines, and push rejections under --porcelain.
          reject(
            new GitCommandError(
              args,
              killed ? `timed out after ${options.timeoutMs} ms` : gitReason(`${stdout}\n${stderr}`, error),
            ),
          );
        },
      );
    });
  return {
    dir,
    git,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A git command failed; `reason` is git's own line (`fatal: …`, `CONFLICT …`, `! [rejected] …`). */
export class GitCommandError extends ExecutorError {
  readonly args: readonly string[];
  readonly reason: string;

  constructor(args: readonly string[], reason: string) {
    super(`git ${args[0] ?? ''} failed: ${reason}`);
    this.args = args;
    this.reason = reason;
  }
}

/** Basic auth with the token as password works for GitHub, GitLab, Gitea and Bitbucket. */
function authorizationConfig(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

function gitReason(output: string, error: Error): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const telling = lines.filter((line) => /^(fatal|error|CONFLICT|!)/i.test(line));
  const chosen = telling.length > 0 ? telling : lines.slice(-2);
  return chosen.join(' ').trim() || error.message;
}

/** Environment that makes `person` the author and `committer` the committer of the next commit. */
export function commitIdentity(author: Person, committer: Person): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}
