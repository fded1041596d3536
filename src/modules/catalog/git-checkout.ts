import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitCheckoutOptions {
  /** Anything `git fetch` accepts: a URL or a path (tests use local bare repositories). */
  url: string;
  /** Branch, tag or commit; the remote's default branch (HEAD) when absent. */
  ref?: string | undefined;
  /** Parent directory of all checkouts (`<dataDir>/catalog-sources`). */
  baseDir: string;
  timeoutMs: number;
}

/**
 * Brings a shallow working copy of `url` at `ref` up to date and returns its directory and commit.
 * git runs through execFile (never a shell), with prompts off so a private URL without
 * credentials fails instead of hanging.
 */
export async function checkoutGitSource(
  options: GitCheckoutOptions,
): Promise<{ dir: string; commit: string }> {
  const key = createHash('sha256')
    .update(`${options.url}#${options.ref ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(options.baseDir, key);
  mkdirSync(dir, { recursive: true });
  const git = (args: string[]) =>
    run('git', ['-c', 'advice.detachedHead=false', '-C', dir, ...args], {
      timeout: options.timeoutMs,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' },
      maxBuffer: 4 * 1024 * 1024,
    });
  try {
    if (!existsSync(join(dir, '.git'))) await git(['init', '--quiet']);
    await git(['fetch', '--quiet', '--depth', '1', '--no-tags', options.url, options.ref ?? 'HEAD']);
    await git(['checkout', '--quiet', '--force', 'FETCH_HEAD']);
    await git(['clean', '--quiet', '-fdx']);
    const { stdout } = await git(['rev-parse', 'HEAD']);
    return { dir, commit: stdout.trim() };
  } catch (error) {
    throw new Error(
      `git could not fetch ${options.url}${options.ref ? ` (${options.ref})` : ''}: ${gitReason(error)}`,
    );
  }
}

function gitReason(error: unknown): string {
  // execFile rejects with an Error carrying these fields; each may be missing, and all are read optionally.
  const failure = error as { killed?: boolean; stderr?: string; message?: string };
  if (failure.killed) return 'timed out';
  const stderr = failure.stderr?.trim();
  const line = stderr?.split('\n').find((text) => /fatal|error/i.test(text)) ?? stderr?.split('\n')[0];
  return line || failure.message || String(error);
}
