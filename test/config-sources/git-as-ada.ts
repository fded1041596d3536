import { execFileSync } from 'node:child_process';

/** Runs real git in `cwd` as a fixed author, so commits in the config-source tests are reproducible. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}
