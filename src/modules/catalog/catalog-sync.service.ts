import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import { describeError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { CatalogStore } from './catalog.store.ts';
import { readCatalogDirectory, readCatalogFile } from './catalog-reader.ts';
import type { CatalogProblem } from './entity-parser.ts';
import { checkoutGitSource } from './git-checkout.ts';

export type CatalogSourceConfig = CairnConfig['catalog']['sources'][number];

export interface CatalogSyncDeps {
  store: CatalogStore;
  sources: CatalogSourceConfig[];
  /** Sources added at run time (a template task's `catalog:register`), synced beside the configured ones. */
  extraSources?: () => Promise<CatalogSourceConfig[]>;
  /** Where git sources are checked out (`<dataDir>/catalog-sources`). */
  checkoutDir: string;
  gitTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** What a source runs after its last sync, for /metrics (the same gauges as the config sources). */
export interface CatalogSourceState {
  kind: 'catalog';
  label: string;
  /** applied: the revision read runs; invalid: refused, the last good one runs; unreachable: not read. */
  state: 'applied' | 'invalid' | 'unreachable';
  problems: Array<{ file: string; line: number; message: string }>;
  appliedAt: string | null;
  error: string | null;
}

/** How one source went in one sync. */
export interface SourceSyncResult {
  id: string;
  label: string;
  ok: boolean;
  entities: number;
  problems: number;
  revision: string | null;
  error: string | null;
}

/** Stable id of a configured source: the same config always maps to the same stored rows. */
export function sourceIdOf(source: CatalogSourceConfig): string {
  return createHash('sha256').update(labelOf(source)).digest('hex').slice(0, 16);
}

export function labelOf(source: CatalogSourceConfig): string {
  if (source.type === 'dir') return `dir:${source.path}`;
  return `git:${source.url}${source.ref ? `#${source.ref}` : ''}${source.path ? `:${source.path}` : ''}`;
}

/**
 * Syncs the configured sources into the state store. Each source is read completely before its
 * entities are replaced in one transaction, so a failing source keeps what it had and never
 * touches the others. A revision with problems is refused once the source has applied one (its
 * entities stay those of the last applied revision, the problems are its errors); the first read
 * of a source applies its valid entities, as there is nothing better to keep. Syncs never
 * overlap: a refresh during a sync waits for it, then runs.
 */
export function createCatalogSync(deps: CatalogSyncDeps) {
  let running: Promise<SourceSyncResult[]> = Promise.resolve([]);
  let timer: NodeJS.Timeout | undefined;
  const states = new Map<string, CatalogSourceState>();
  const note = (id: string, state: Omit<CatalogSourceState, 'kind' | 'appliedAt'>, appliedAt?: string) => {
    states.set(id, { kind: 'catalog', ...state, appliedAt: appliedAt ?? states.get(id)?.appliedAt ?? null });
  };
  const shownProblems = (problems: CatalogProblem[]) =>
    problems.map((p) => ({ file: p.file, line: p.line ?? 1, message: p.message }));
  /** Where each source's files were last read from: entity file names are relative to it. */
  const roots = new Map<string, string>();

  async function syncSource(source: CatalogSourceConfig): Promise<SourceSyncResult> {
    const id = sourceIdOf(source);
    const label = labelOf(source);
    const at = deps.clock.now().toISOString();
    try {
      let dir: string;
      let revision: string | null = null;
      if (source.type === 'dir') {
        dir = source.path;
      } else {
        const checkout = await checkoutGitSource({
          url: source.url,
          ref: source.ref,
          baseDir: deps.checkoutDir,
          timeoutMs: deps.gitTimeoutMs,
        });
        dir = source.path ? join(checkout.dir, source.path) : checkout.dir;
        revision = checkout.commit;
      }
      const stats = existsSync(dir) ? statSync(dir) : null;
      if (!stats || !(stats.isDirectory() || (stats.isFile() && /\.ya?ml$/.test(dir)))) {
        throw new Error(`${dir} is not a directory or a YAML file`);
      }
      const read = stats.isFile() ? await readCatalogFile(dir) : await readCatalogDirectory(dir);
      const previous = (await deps.store.listSources()).find((row) => row.id === id);
      if (read.problems.length > 0 && previous?.last_success_at) {
        await deps.store.recordSourceRefused(id, label, read.problems, at);
        note(id, { label, state: 'invalid', problems: shownProblems(read.problems), error: null });
        deps.logger.warn(
          {
            source: label,
            revision,
            problems: read.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
          },
          'catalog source refused: the last good revision keeps running',
        );
        return {
          id,
          label,
          ok: false,
          entities: previous.entity_count,
          problems: read.problems.length,
          revision,
          error: `catalog source ${label}: ${revision ?? 'the directory'} refused for ${read.problems.length} problem(s); the last good revision keeps running`,
        };
      }
      await deps.store.replaceSource({ sourceId: id, label, at, revision, ...read });
      roots.set(id, resolve(stats.isFile() ? dirname(dir) : dir));
      note(id, { label, state: 'applied', problems: shownProblems(read.problems), error: null }, at);
      return {
        id,
        label,
        ok: true,
        entities: read.entities.length,
        problems: read.problems.length,
        revision,
        error: null,
      };
    } catch (error) {
      const message = `cannot read catalog source ${label}: ${describeError(error)}`;
      deps.logger.warn({ source: label, err: describeError(error) }, 'catalog source failed');
      await deps.store.recordSourceFailure(id, label, message, at);
      note(id, { label, state: 'unreachable', problems: [], error: message });
      return { id, label, ok: false, entities: 0, problems: 1, revision: null, error: message };
    }
  }

  async function syncAll(): Promise<SourceSyncResult[]> {
    const extra = (await deps.extraSources?.()) ?? [];
    const configured = new Set(deps.sources.map(sourceIdOf));
    const sources = [...deps.sources, ...extra.filter((source) => !configured.has(sourceIdOf(source)))];
    await deps.store.removeSourcesOtherThan(sources.map(sourceIdOf));
    for (const id of [...states.keys()])
      if (!sources.some((source) => sourceIdOf(source) === id)) states.delete(id);
    const results: SourceSyncResult[] = [];
    for (const source of sources) results.push(await syncSource(source));
    deps.logger.info(
      { sources: results.length, entities: results.reduce((sum, r) => sum + r.entities, 0) },
      'catalog synced',
    );
    return results;
  }

  return {
    /** Runs a sync after any in flight and resolves with its per-source results. */
    sync(): Promise<SourceSyncResult[]> {
      const next = running.catch(() => []).then(syncAll);
      running = next;
      return next;
    },

    /** Syncs every `intervalSeconds` until stop(); 0 means never. The timer does not hold the process. */
    start(intervalSeconds: number): void {
      if (intervalSeconds <= 0 || timer) return;
      timer = setInterval(() => {
        this.sync().catch((error: unknown) => deps.logger.error({ err: error }, 'catalog sync failed'));
      }, intervalSeconds * 1000);
      timer.unref();
    },

    /**
     * The directory a source was last read from in this process (a dir source's path, a git
     * source's working copy); null before its first successful read.
     */
    sourceRoot(sourceId: string): string | null {
      return roots.get(sourceId) ?? null;
    },

    /** Each source's state after its last sync, in sync order. */
    status(): CatalogSourceState[] {
      return [...states.values()];
    },

    /** Stops the timer and waits for a sync in flight. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running.catch(() => {});
    },
  };
}

export type CatalogSync = ReturnType<typeof createCatalogSync>;
