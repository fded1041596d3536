/** Real git, run as a child process: the publish actions initialise the workspace and push it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Extra `-c key=value` settings (an Authorization header for HTTPS pushes). */
  config?: Record<string, string>;
}

export async function git(args: string[], options: GitOptions): Promise<string> {
  const config = Object.entries(options.config ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  try {
    const { stdout } = await run('git', [...config, ...args], {
      cwd: options.cwd,
      signal: options.signal,
      timeout: options.timeoutMs ?? 120_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

export interface InitAndPushOptions {
  dir: string;
  remoteUrl: string;
  defaultBranch: string;
  commitMessage: string;
  author: { name: string; email: string };
  signal?: AbortSignal;
  timeoutMs?: number;
  /** For HTTPS remotes: sent as `http.extraHeader`, so no credential lands in the remote URL. */
  authorizationHeader?: string;
}

/** `git init` in `dir`, commit everything, push the branch to `remoteUrl`; returns the commit sha. */
export async function initRepoAndPush(options: InitAndPushOptions): Promise<string> {
  const base = { cwd: options.dir, signal: options.signal, timeoutMs: options.timeoutMs };
  const identity = {
    'user.name': options.author.name,
    'user.email': options.author.email,
    'commit.gpgsign': 'false',
  };
  await git(['init', '--quiet', '--initial-branch', options.defaultBranch], base);
  await git(['add', '--all'], base);
  await git(['commit', '--quiet', '--allow-empty', '-m', options.commitMessage], {
    ...base,
    config: identity,
  });
  const sha = await git(['rev-parse', 'HEAD'], base);
  await git(['remote', 'add', 'origin', options.remoteUrl], base);
  await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${options.defaultBranch}`], {
    ...base,
    config: options.authorizationHeader ? { 'http.extraHeader': options.authorizationHeader } : {},
  });
  return sha;
}
