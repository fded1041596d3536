/**
 * The shop's deployment repository: a bare git repository in the demo's data dir, like the one a
 * team keeps on GitHub, holding one Helm values file per service. Cairn's GitOps actions clone it
 * and push to it; the demo's Argo CD reads what its `main` branch says; the demo's own deploys
 * commit to it. Driven through the git binary, as Cairn's GitOps executor is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEPLOYMENT_BRANCH = 'main';

export interface Person {
  name: string;
  email: string;
}

export interface CommitInfo {
  sha: string;
  subject: string;
  author: Person;
  /** ISO time the commit was authored. */
  at: string;
}

export interface DeploymentRepository {
  /** Absolute path of the bare repository (what `git clone` and Cairn's actions take). */
  readonly path: string;
  /** The commit `main` points at. */
  head(): Promise<string>;
  /** A file's text at a revision, or undefined when the revision does not have it. */
  read(revision: string, file: string): Promise<string | undefined>;
  /** Every file at a revision with its blob id: equal ids, equal contents. */
  blobs(revision: string): Promise<Map<string, string>>;
  /** Commits the given files on top of `main`, moving `main` only if nobody moved it meanwhile. */
  commit(request: { files: Record<string, string>; message: string; author: Person }): Promise<string>;
  describe(revision: string): Promise<CommitInfo>;
}

/** The demo's own commits are made by its deploy pipeline, on behalf of the commit's author. */
const COMMITTER: Person = { name: 'acme-shop deploy pipeline', email: 'deploy@acme-shop.example' };

/**
 * Opens the repository at `path`, creating it with `initialFiles` as its first commit when it
 * does not exist yet (a demo started again on the same data dir keeps its history).
 */
export async function openDeploymentRepository(
  path: string,
  initialFiles: () => Record<string, string>,
): Promise<DeploymentRepository> {
  const git = gitIn(path);
  const repository: DeploymentRepository = {
    path,
    head: async () => (await git(['rev-parse', `refs/heads/${DEPLOYMENT_BRANCH}`])).trim(),
    read: async (revision, file) => {
      try {
        return await git(['cat-file', 'blob', `${revision}:${file}`]);
      } catch {
        return undefined;
      }
    },
    blobs: async (revision) => {
      const listing = await git(['ls-tree', '-r', '-z', revision]);
      const blobs = new Map<string, string>();
      for (const entry of listing.split('\0')) {
        // "<mode> blob <id>\t<path>"
        const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
        if (match?.[1] && match[2]) blobs.set(match[2], match[1]);
      }
      return blobs;
    },
    commit: async ({ files, message, author }) => {
      const parent = await repository.head();
      return commitFiles(git, { files, message, author, parent });
    },
    describe: async (revision) => {
      const [sha = '', subject = '', name = '', email = '', at = ''] = (
        await git(['log', '-1', '--format=%H%x00%s%x00%an%x00%ae%x00%aI', revision])
      )
        .trim()
        .split('\0');
      return { sha, subject, author: { name, email }, at: new Date(at).toISOString() };
    },
  };
  if (!existsSync(join(path, 'HEAD'))) {
    mkdirSync(path, { recursive: true });
    await git(['init', '--quiet', '--bare', `--initial-branch=${DEPLOYMENT_BRANCH}`]);
    await commitFiles(git, {
      files: initialFiles(),
      message: 'Shop services in production',
      author: COMMITTER,
      parent: undefined,
    });
  }
  return repository;
}

type Git = (args: readonly string[], env?: Record<string, string>, input?: string) => Promise<string>;

/**
 * A commit without a work tree (a bare repository has none): blobs and a tree built in a
 * throwaway index, then `update-ref` with the parent as the expected old value, so a push that
 * landed in between makes this fail rather than vanish.
 */
async function commitFiles(
  git: Git,
  request: { files: Record<string, string>; message: string; author: Person; parent: string | undefined },
): Promise<string> {
  const indexDir = await mkdtemp(join(tmpdir(), 'cairn-demo-index-'));
  const index = { GIT_INDEX_FILE: join(indexDir, 'index') };
  try {
    if (request.parent) await git(['read-tree', request.parent], index);
    // All blobs in one hash-object and one update-index: a commit is a handful of git calls.
    const entries = Object.entries(request.files);
    const sources = entries.map((_, position) => join(indexDir, `blob-${position}`));
    await Promise.all(entries.map(([, text], position) => writeFile(sources[position] as string, text)));
    const blobs = (await git(['hash-object', '-w', '--', ...sources])).trim().split('\n');
    const indexInfo = entries.map(([file], position) => `100644 ${blobs[position]}\t${file}\n`).join('');
    await git(['update-index', '--add', '--index-info'], index, indexInfo);
    const tree = (await git(['write-tree'], index)).trim();
    const people = {
      GIT_AUTHOR_NAME: request.author.name,
      GIT_AUTHOR_EMAIL: request.author.email,
      GIT_COMMITTER_NAME: COMMITTER.name,
      GIT_COMMITTER_EMAIL: COMMITTER.email,
    };
    const parents = request.parent ? ['-p', request.parent] : [];
    const commit = (await git(['commit-tree', tree, ...parents, '-m', request.message], people)).trim();
    await git([
      'update-ref',
      '-m',
      'demo deploy',
      `refs/heads/${DEPLOYMENT_BRANCH}`,
      commit,
      request.parent ?? '0'.repeat(40),
    ]);
    return commit;
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

function gitIn(dir: string): Git {
  return (args, env = {}, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        ['-C', dir, '-c', 'commit.gpgSign=false', '-c', 'core.hooksPath=/dev/null', ...args],
        { env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
          else resolve(stdout);
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
}
