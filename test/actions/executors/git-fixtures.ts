/** Real bare git repositories for the GitOps executor's tests, seeded through a working clone. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface BareRepository {
  /** The bare repository's path: what an action's `repository` setting names. */
  url: string;
  /** Commits `files` on `branch` as the platform team and returns the commit id. */
  commit(files: Record<string, string>, message: string, branch?: string): string;
  /** `git` in a fresh clone of the bare repository at `branch`. */
  git(args: string[], branch?: string): string;
  /** A file's text on `branch`. */
  show(path: string, branch?: string): string;
  remove(): void;
}

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Platform Team',
  GIT_AUTHOR_EMAIL: 'platform@shop.example',
  GIT_COMMITTER_NAME: 'Platform Team',
  GIT_COMMITTER_EMAIL: 'platform@shop.example',
};

export function createBareRepository(): BareRepository {
  const root = mkdtempSync(join(tmpdir(), 'cairn-gitops-test-'));
  const url = join(root, 'deploy.git');
  const run = (cwd: string, args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgSign=false', ...args], { cwd, env, encoding: 'utf8' });
  run(root, ['init', '--quiet', '--bare', '--initial-branch=main', url]);
  let clones = 0;
  const cloneOf = (branch: string) => {
    const dir = join(root, `clone-${clones++}`);
    run(root, ['clone', '--quiet', url, dir]);
    const exists = run(dir, ['ls-remote', '--heads', 'origin', branch]).trim() !== '';
    if (exists) run(dir, ['checkout', '--quiet', branch]);
    else run(dir, ['checkout', '--quiet', '--orphan', branch]);
    return dir;
  };
  return {
    url,
    commit(files, message, branch = 'main') {
      const dir = cloneOf(branch);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      run(dir, ['add', '.']);
      run(dir, ['commit', '--quiet', '-m', message]);
      run(dir, ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
      return run(dir, ['rev-parse', 'HEAD']).trim();
    },
    git(args, branch = 'main') {
      return run(cloneOf(branch), args);
    },
    show(path, branch = 'main') {
      return run(url, ['show', `${branch}:${path}`]);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
