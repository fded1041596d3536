/**
 * Settings that live in files, wired to the one config reconciler: each kind is a slot (its
 * adapter reads and validates a directory; the module reads the last good values). A kind with no
 * `gitops.sources` entry reads its own directory keys through the same reconciler, so a broken
 * edit never replaces a working configuration, wherever it comes from.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Clock } from '../kernel/clock.ts';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import {
  type ActionDefinition,
  type ActionSet,
  EXAMPLE_ACTIONS_DIR,
  type ExecutorRegistry,
  readActionDirectory,
} from '../modules/actions/index.ts';
import {
  type AppliedSource,
  type ConfigKind,
  type ConfigObject,
  type ConfigSourceSpec,
  createConfigReconciler,
  createConfigSlot,
  type DescribedObject,
  describeActions,
  describePolicies,
  describeRunbooks,
  describeTemplates,
  registerConfigSourceMetrics,
  type SourceMetricsStatus,
} from '../modules/config-sources/index.ts';
import { type PolicySet, readPolicySource, type Scorecard } from '../modules/policy/index.ts';
import { type LoadedRunbooks, loadRunbooks, type Runbook } from '../modules/runbooks/index.ts';
import { type LoadedTemplate, pruneTemplateCopies, readTemplateSource } from '../modules/templates/index.ts';

export interface ConfigSourcesDeps {
  config: CairnConfig;
  /** Known action ids for the runbook check; read when a runbook source is read. */
  actionIds: () => ReadonlySet<string> | null;
  /** The executors action definitions are checked against; read when an action source is read. */
  executors: () => ExecutorRegistry;
  registry: Registry;
  /** The catalog's sources, synced by the catalog itself, beside these in /metrics. */
  catalogStatus?: () => SourceMetricsStatus[];
  clock: Clock;
  logger: Logger;
}

/** The sources of each kind: `gitops.sources` when it names the kind, else the kind's own keys. */
function sourcesOf(config: CairnConfig): ConfigSourceSpec[] {
  const sources: ConfigSourceSpec[] = [...config.gitops.sources];
  const fallback = (kind: ConfigKind, paths: readonly string[]) => {
    if (sources.some((source) => source.kind === kind)) return;
    for (const path of paths) sources.push({ kind, type: 'dir', path });
  };
  fallback('runbooks', [config.runbooks.dir]);
  fallback('actions', [config.actions.dir ?? EXAMPLE_ACTIONS_DIR]);
  fallback('templates', config.templates.paths);
  fallback('policies', config.policy.paths);
  return sources;
}

/** Values from every source, in source order; the first source to define a name wins. */
function firstByName<T>(lists: T[][], nameOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return lists.flat().filter((item) => !seen.has(nameOf(item)) && seen.add(nameOf(item)));
}

export function composeConfigSources(deps: ConfigSourcesDeps) {
  const { config } = deps;
  const checkoutDir = join(config.dataDir, 'config-sources');
  const runbookSlot = createConfigSlot<Runbook[]>(
    'runbooks',
    async (dir) => {
      const loaded = loadRunbooks(dir, deps.actionIds());
      return {
        value: loaded.runbooks,
        objects: loaded.runbooks.length,
        problems: loaded.problems,
        described: describeRunbooks(loaded.runbooks),
      };
    },
    // A runbook naming an unknown action is judged again when the actions change.
    () => [...(deps.actionIds() ?? [])].sort().join(','),
  );
  const actionSlot = createConfigSlot<ActionDefinition[]>('actions', async (dir) => {
    const read = readActionDirectory(dir, deps.executors());
    return {
      value: read.actions,
      objects: read.actions.length,
      described: describeActions(read.actions),
      // A problem without a line is about the whole file (it could not be read).
      problems: read.problems.map((p) => ({ file: p.file, line: p.line ?? 1, message: p.message })),
    };
  });
  const templateSlot = createConfigSlot<{ templates: LoadedTemplate[]; origins: Map<string, string> }>(
    'templates',
    async (dir, revision) => {
      // A git commit's templates are read from their own copy, so skeletons stay those of the commit.
      const copies = join(checkoutDir, 'templates');
      const sourceSuffix = `-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
      const copyTo = revision ? join(copies, `${revision}${sourceSuffix}`) : null;
      const read = readTemplateSource(dir, copyTo);
      if (copyTo && read.problems.length === 0) pruneTemplateCopies(copies, sourceSuffix);
      return {
        value: { templates: read.templates, origins: read.origins },
        objects: read.templates.length,
        problems: read.problems,
        described: describeTemplates(read),
      };
    },
  );
  const policySlot = createConfigSlot<{
    policySet: PolicySet;
    scorecards: Scorecard[];
    origins: Map<string, { file: string; line: number }>;
  }>('policies', async (dir) => {
    const read = readPolicySource(dir);
    return {
      value: { policySet: read.policySet, scorecards: read.scorecards, origins: read.origins },
      objects: read.policySet.policies.length + read.scorecards.length,
      problems: read.problems,
      described: describePolicies(read),
    };
  });

  const reconciler = createConfigReconciler({
    sources: sourcesOf(config),
    // Runbooks are checked against the actions that run: actions are read first.
    adapters: [actionSlot.adapter, policySlot.adapter, templateSlot.adapter, runbookSlot.adapter],
    checkoutDir,
    gitTimeoutMs: config.gitops.gitTimeoutSeconds * 1000,
    clock: deps.clock,
    logger: deps.logger,
  });
  registerConfigSourceMetrics(deps.registry, () => [
    ...reconciler.status(),
    ...(deps.catalogStatus?.() ?? []),
  ]);

  /** A slot's objects as `cairn config diff` compares them; the first source to name one wins. */
  function objectsOf(
    kind: ConfigKind,
    described: Array<{ object: DescribedObject; source: AppliedSource }>,
  ): ConfigObject[] {
    const seen = new Set<string>();
    return described
      .filter(({ object }) => !seen.has(object.name) && seen.add(object.name))
      .map(({ object, source }) => ({
        kind,
        name: object.name,
        fields: object.fields,
        managedBy: object.file === null ? null : source.managedBy(object.file, object.line),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  return {
    reconciler,
    /** The running objects of every kind this reconciler loads, in `OBJECT_KINDS` order. */
    objects(): ConfigObject[] {
      return [
        ...objectsOf('actions', actionSlot.described()),
        ...objectsOf('runbooks', runbookSlot.described()),
        ...objectsOf('templates', templateSlot.described()),
        ...objectsOf('policies', policySlot.described()),
      ];
    },
    /** Every source's last good runbooks; the first source to define an id wins. */
    runbooks(): LoadedRunbooks {
      const lists = runbookSlot.values().map(({ value }) => value);
      return { runbooks: firstByName(lists, (runbook) => runbook.id), problems: [] };
    },
    /**
     * Every source's last good action definitions; the first source to define an id wins. A git
     * source's files are shown relative to its repository (the checkout's path means nothing).
     */
    actions(): ActionSet {
      const lists = actionSlot
        .values()
        .map(({ value, source }) =>
          value.map((action) =>
            source.label.startsWith('git:')
              ? { ...action, file: source.managedBy(action.file).path }
              : action,
          ),
        );
      const actions = firstByName(lists, (action) => action.id);
      // The problems that refused a source's latest revision (its last good actions run meanwhile).
      const problems = reconciler
        .status()
        .filter((source) => source.kind === 'actions')
        .flatMap((source) => source.problems);
      return { actions, problems, files: new Set(actions.map((action) => action.file)).size };
    },
    /** Every source's last good templates by name; the first source to define a name wins. */
    templates(): LoadedTemplate[] {
      const lists = templateSlot.values().map(({ value }) => value.templates);
      return firstByName(lists, (template) => template.name).sort((a, b) => a.name.localeCompare(b.name));
    },
    /** Every source's last good policies and scorecards, merged. */
    policies(): { policySet: PolicySet; scorecards: Scorecard[] } {
      const values = policySlot.values().map(({ value }) => value);
      return {
        policySet: {
          policies: values.flatMap((v) => v.policySet.policies),
          bindings: values.flatMap((v) => v.policySet.bindings),
          exceptions: values.flatMap((v) => v.policySet.exceptions),
        },
        scorecards: values.flatMap((v) => v.scorecards),
      };
    },
    start(): void {
      reconciler.start(config.gitops.pollIntervalSeconds, config.gitops.dirIntervalSeconds);
    },
  };
}

export type ConfigSources = ReturnType<typeof composeConfigSources>;
