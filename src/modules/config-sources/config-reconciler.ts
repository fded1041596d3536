/**
 * One reconciler for every setting kind that lives in files: each source (a directory or a git
 * branch/tag) is read, validated by its kind's adapter and applied only when it has no problem.
 * A refused revision leaves the last good configuration of that source running and is reported
 * with file:line (status API, /metrics, the portal's config page).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import { checkoutGitSource } from '../catalog/index.ts';
import type {
  ConfigKind,
  ConfigProblem,
  ConfigSourceStatus,
  DescribedObject,
  ManagedBy,
} from './contract.ts';
import { forgeFileUrl, repositoryKey } from './managed-by.ts';

export type ConfigSourceSpec =
  | { kind: ConfigKind; type: 'dir'; path: string }
  | { kind: ConfigKind; type: 'git'; url: string; ref?: string | undefined; path?: string | undefined };

/** The running configuration of one source: where it came from, to link objects to their files. */
export interface AppliedSource {
  sourceId: string;
  label: string;
  revision: string | null;
  /** `file` as the adapter named it (absolute or relative to the working directory). */
  managedBy(file: string, line?: number | null): ManagedBy;
}

/** What an adapter read from a source: applied by the reconciler only when `problems` is empty. */
export interface ConfigCandidate {
  objects: number;
  /** Files as the adapter names them; the reconciler makes them relative to the source root. */
  problems: ConfigProblem[];
  apply(source: AppliedSource): void;
}

/**
 * The small per-kind part: read and validate a directory (or one file), without applying
 * anything. `revision` is the commit of a git source (null for a directory), for an adapter that
 * must keep files of the applied commit beside the checkout (template skeletons).
 */
export interface ConfigKindAdapter {
  kind: ConfigKind;
  read(dir: string, revision: string | null): Promise<ConfigCandidate>;
  /** What else the verdict depends on (runbooks: the action ids); a change re-reads an unchanged source. */
  dependsOn?: () => string;
}

export interface ConfigReconcilerDeps {
  sources: ConfigSourceSpec[];
  /** One per kind; a sync reads the sources kind by kind in this order (a kind may check another's objects). */
  adapters: ConfigKindAdapter[];
  /** Where git sources are checked out (`<dataDir>/config-sources`). */
  checkoutDir: string;
  gitTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** Names, sizes and modification times of every file under `path` (a file: its own), hashed. */
function directoryFingerprint(path: string): string {
  const hash = createHash('sha256');
  const walk = (at: string) => {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(at);
    } catch {
      hash.update(`${at} missing\n`);
      return;
    }
    if (!stats.isDirectory()) {
      hash.update(`${at} ${stats.size} ${stats.mtimeMs}\n`);
      return;
    }
    for (const name of readdirSync(at).sort()) {
      if (name !== '.git' && name !== 'node_modules') walk(join(at, name));
    }
  };
  walk(path);
  return hash.digest('hex');
}

export function configSourceLabel(source: ConfigSourceSpec): string {
  if (source.type === 'dir') return `dir:${source.path}`;
  return `git:${source.url}${source.ref ? `#${source.ref}` : ''}${source.path ? `:${source.path}` : ''}`;
}

function idOf(source: ConfigSourceSpec): string {
  return createHash('sha256')
    .update(`${source.kind} ${configSourceLabel(source)}`)
    .digest('hex')
    .slice(0, 16);
}

/** `refs/heads/main`, `refs/tags/v1` and `main` all name the ref a source follows. */
function refMatches(followed: string | undefined, pushed: string | null): boolean {
  if (!followed || !pushed) return true;
  return pushed === followed || pushed === `refs/heads/${followed}` || pushed === `refs/tags/${followed}`;
}

export function createConfigReconciler(deps: ConfigReconcilerDeps) {
  const adapters = new Map(deps.adapters.map((adapter) => [adapter.kind, adapter]));
  const entries = deps.sources.map((spec) => {
    if (!adapters.has(spec.kind)) throw new Error(`no loader for config kind ${spec.kind}`);
    const status: ConfigSourceStatus = {
      id: idOf(spec),
      kind: spec.kind,
      label: configSourceLabel(spec),
      type: spec.type,
      state: 'pending',
      revision: null,
      appliedRevision: null,
      appliedAt: null,
      checkedAt: null,
      objects: 0,
      problems: [],
      error: null,
    };
    /** The verdict on `status.revision`, kept while the source is unreachable. */
    const entry: {
      spec: ConfigSourceSpec;
      status: ConfigSourceStatus;
      verdict: 'applied' | 'invalid' | null;
      /** The commit (or directory fingerprint) the verdict is about. */
      fingerprint: string | null;
    } = { spec, status, verdict: null, fingerprint: null };
    return entry;
  });
  let running: Promise<unknown> = Promise.resolve();
  const timers: NodeJS.Timeout[] = [];

  /** Checks out (git) and names the repository root and the directory to read. */
  async function locate(
    spec: ConfigSourceSpec,
  ): Promise<{ root: string; dir: string; revision: string | null }> {
    if (spec.type === 'dir') return { root: spec.path, dir: spec.path, revision: null };
    const checkout = await checkoutGitSource({
      url: spec.url,
      ref: spec.ref,
      baseDir: deps.checkoutDir,
      timeoutMs: deps.gitTimeoutMs,
    });
    return {
      root: checkout.dir,
      dir: spec.path ? join(checkout.dir, spec.path) : checkout.dir,
      revision: checkout.commit,
    };
  }

  async function syncOne(entry: (typeof entries)[number]): Promise<void> {
    const { spec, status } = entry;
    const at = deps.clock.now().toISOString();
    status.checkedAt = at;
    // An unchanged commit (or directory) was validated already: reading it again would only repeat the verdict.
    let located: Awaited<ReturnType<typeof locate>>;
    try {
      located = await locate(spec);
    } catch (error) {
      status.error = `cannot read ${status.label}: ${describeError(error)}`;
      status.state = 'unreachable';
      deps.logger.warn({ source: status.label, err: status.error }, 'config source unreachable');
      return;
    }
    status.error = null;
    // A directory has no commit: its files' names, sizes and times stand for one.
    const fingerprint = `${spec.type === 'dir' ? directoryFingerprint(located.dir) : located.revision} ${adapters.get(spec.kind)?.dependsOn?.() ?? ''}`;
    if (entry.verdict && fingerprint === entry.fingerprint) {
      status.state = entry.verdict;
      return;
    }
    entry.fingerprint = fingerprint;
    status.revision = located.revision;
    const { root, dir, revision } = located;
    const shown = (file: string) => {
      // A directory source may name one file: its problems are shown with that file's name.
      const path = (isAbsolute(file) || spec.type === 'git' ? relative(root, file) : file) || basename(file);
      return path.split(sep).join('/');
    };
    let candidate: ConfigCandidate;
    try {
      if (!existsSync(dir) && spec.type === 'git')
        throw new Error(`${spec.path} does not exist in the repository`);
      candidate = await (adapters.get(spec.kind)?.read(dir, revision) ??
        Promise.reject(new Error('no loader')));
    } catch (error) {
      candidate = {
        objects: 0,
        problems: [{ file: spec.path ?? '.', line: 1, message: describeError(error) }],
        apply: () => {},
      };
    }
    const problems = candidate.problems.map((p) => ({ ...p, file: shown(p.file) }));
    status.problems = problems;
    if (problems.length > 0) {
      status.state = 'invalid';
      entry.verdict = 'invalid';
      deps.logger.warn(
        {
          source: status.label,
          revision,
          problems: problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
        },
        'config source refused: the last good configuration keeps running',
      );
      return;
    }
    candidate.apply({
      sourceId: status.id,
      label: status.label,
      revision,
      managedBy: (file, line) => {
        const path = shown(file);
        return {
          source: status.label,
          path,
          line: line ?? null,
          url: spec.type === 'git' && revision ? forgeFileUrl(spec.url, revision, path, line ?? null) : null,
        };
      },
    });
    status.state = 'applied';
    entry.verdict = 'applied';
    status.appliedRevision = revision;
    status.appliedAt = at;
    status.objects = candidate.objects;
    deps.logger.info({ source: status.label, revision, objects: candidate.objects }, 'config source applied');
  }

  /** Runs after any sync in flight, so two never interleave on one checkout. */
  function queue(selected: typeof entries): Promise<ConfigSourceStatus[]> {
    const next = running
      .catch(() => {})
      .then(async () => {
        const kinds = deps.adapters.map((adapter) => adapter.kind);
        const byKind = [...selected].sort((a, b) => kinds.indexOf(a.spec.kind) - kinds.indexOf(b.spec.kind));
        for (const entry of byKind) await syncOne(entry);
        return selected.map((entry) => ({ ...entry.status }));
      });
    running = next;
    return next;
  }

  return {
    /** Reads every source (or those of one kind) now; resolves with their status. */
    sync(kind?: ConfigKind): Promise<ConfigSourceStatus[]> {
      return queue(entries.filter((entry) => !kind || entry.spec.kind === kind));
    },

    /**
     * A push webhook named a repository (any of its URLs) and a ref: syncs the git sources that
     * follow it and resolves with their status (none: nothing follows that repository).
     */
    syncPushed(repositoryUrls: string[], ref: string | null): Promise<ConfigSourceStatus[]> {
      const keys = new Set(repositoryUrls.map(repositoryKey));
      return queue(
        entries.filter(
          ({ spec }) => spec.type === 'git' && keys.has(repositoryKey(spec.url)) && refMatches(spec.ref, ref),
        ),
      );
    },

    status(): ConfigSourceStatus[] {
      return entries.map((entry) => ({ ...entry.status, problems: [...entry.status.problems] }));
    },

    /**
     * Polls git sources every `gitIntervalSeconds` and directories every `dirIntervalSeconds`
     * (0: never). The timers do not hold the process.
     */
    start(gitIntervalSeconds: number, dirIntervalSeconds: number): void {
      for (const [type, seconds] of [
        ['git', gitIntervalSeconds],
        ['dir', dirIntervalSeconds],
      ] as const) {
        const selected = entries.filter((entry) => entry.spec.type === type);
        if (seconds <= 0 || selected.length === 0) continue;
        const timer = setInterval(() => {
          queue(selected).catch((error: unknown) => deps.logger.error({ err: error }, 'config sync failed'));
        }, seconds * 1000);
        timer.unref();
        timers.push(timer);
      }
    },

    async stop(): Promise<void> {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await running.catch(() => {});
    },
  };
}

export type ConfigReconciler = ReturnType<typeof createConfigReconciler>;

/**
 * The applied configuration of one kind, per source, as its module reads it: the adapter to give
 * the reconciler and `values()` for the module. A source not yet applied contributes nothing.
 * `described` (see config-objects.ts) is what `cairn config diff` compares the source with.
 */
export function createConfigSlot<T>(
  kind: ConfigKind,
  read: (
    dir: string,
    revision: string | null,
  ) => Promise<{ value: T; objects: number; problems: ConfigProblem[]; described?: DescribedObject[] }>,
  dependsOn?: () => string,
): {
  adapter: ConfigKindAdapter;
  values(): Array<{ value: T; source: AppliedSource }>;
  described(): Array<{ object: DescribedObject; source: AppliedSource }>;
} {
  const applied = new Map<string, { value: T; source: AppliedSource; described: DescribedObject[] }>();
  return {
    adapter: {
      kind,
      ...(dependsOn ? { dependsOn } : {}),
      async read(dir, revision) {
        const loaded = await read(dir, revision);
        return {
          objects: loaded.objects,
          problems: loaded.problems,
          apply: (source) =>
            applied.set(source.sourceId, { value: loaded.value, source, described: loaded.described ?? [] }),
        };
      },
    },
    values: () => [...applied.values()].map(({ value, source }) => ({ value, source })),
    described: () =>
      [...applied.values()].flatMap(({ described, source }) =>
        described.map((object) => ({ object, source })),
      ),
  };
}
