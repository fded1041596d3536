/**
 * Settings that live in files, wired to the one config reconciler: each kind is a slot (its
 * adapter reads and validates a directory; the module reads the last good values). A kind with no
 * `gitops.sources` entry reads its own directory key through the same reconciler, so a broken
 * edit never replaces a working configuration, wherever it comes from.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Clock } from '../kernel/clock.ts';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import {
  type ConfigSourceSpec,
  createConfigReconciler,
  createConfigSlot,
  type ManagedBy,
  registerConfigSourceMetrics,
} from '../modules/config-sources/index.ts';
import { type LoadedRunbooks, loadRunbooks, type Runbook } from '../modules/runbooks/index.ts';

export interface ConfigSourcesDeps {
  config: CairnConfig;
  /** Known action ids for the runbook check; read when a runbook source is read. */
  actionIds: () => ReadonlySet<string> | null;
  registry: Registry;
  clock: Clock;
  logger: Logger;
}

export function composeConfigSources(deps: ConfigSourcesDeps) {
  const { config } = deps;
  const runbookSlot = createConfigSlot<Runbook[]>('runbooks', async (dir) => {
    const loaded = loadRunbooks(dir, deps.actionIds());
    return { value: loaded.runbooks, objects: loaded.runbooks.length, problems: loaded.problems };
  });

  const sources: ConfigSourceSpec[] = [...config.gitops.sources];
  if (!sources.some((source) => source.kind === 'runbooks')) {
    sources.push({ kind: 'runbooks', type: 'dir', path: config.runbooks.dir });
  }
  const reconciler = createConfigReconciler({
    sources,
    adapters: [runbookSlot.adapter],
    checkoutDir: join(config.dataDir, 'config-sources'),
    gitTimeoutMs: config.gitops.gitTimeoutSeconds * 1000,
    clock: deps.clock,
    logger: deps.logger,
  });
  registerConfigSourceMetrics(deps.registry, () => reconciler.status());

  return {
    reconciler,
    /** Every source's last good runbooks; the first source to define an id wins. */
    runbooks(): LoadedRunbooks {
      const seen = new Set<string>();
      const runbooks = runbookSlot
        .values()
        .flatMap(({ value }) => value)
        .filter((runbook) => !seen.has(runbook.id) && seen.add(runbook.id));
      return { runbooks, problems: [] };
    },
    /** Where a runbook comes from (null: not from a source). */
    runbookManagedBy(id: string): ManagedBy | null {
      for (const { value, source } of runbookSlot.values()) {
        const runbook = value.find((r) => r.id === id);
        if (runbook) return source.managedBy(runbook.file, 1);
      }
      return null;
    },
    start(): void {
      reconciler.start(config.gitops.pollIntervalSeconds, config.gitops.dirIntervalSeconds);
    },
  };
}

export type ConfigSources = ReturnType<typeof composeConfigSources>;
