/**
 * `cairn config validate` for a working tree in CI: besides cairn.yaml itself, every directory the
 * configuration reads settings from is checked with the loaders the server uses, so a change that
 * Cairn would refuse fails the pipeline first. A git source is the repository being tested: its
 * `path` is looked up in the working tree given with `--tree`.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import {
  EXAMPLE_ACTIONS_DIR,
  offlineExecutorRegistry,
  readActionDirectory,
} from '../../modules/actions/index.ts';
import { readCatalogSource } from '../../modules/catalog/index.ts';
import { readPolicySource } from '../../modules/policy/index.ts';
import { loadRunbooks } from '../../modules/runbooks/index.ts';
import { readTemplateSource } from '../../modules/templates/index.ts';

export type Kind = 'catalog' | 'actions' | 'policies' | 'templates' | 'runbooks';

export interface TreeProblem {
  kind: Kind;
  file: string;
  line: number | null;
  message: string;
}

export interface TreeReport {
  /** Each directory checked, with its kind. */
  checked: Array<{ kind: Kind; path: string }>;
  /** Git sources not checked, because no working tree was given. */
  skipped: string[];
  problems: TreeProblem[];
}

/**
 * The directories (or files) of each kind, as the server would read them (git sources: in
 * `tree`); a git source without a tree is noted in `skipped` as `<kind> from git <url>[:<path>]`.
 */
export function directoriesOf(config: CairnConfig, tree: string | null, skipped: string[]) {
  const dirs: Array<{ kind: Kind; path: string }> = [];
  const fromGitops = (kind: Exclude<Kind, 'catalog'>) => config.gitops.sources.filter((s) => s.kind === kind);
  const add = (
    kind: Kind,
    source: { type: 'dir'; path: string } | { type: 'git'; url: string; path?: string },
  ) => {
    if (source.type === 'dir') dirs.push({ kind, path: source.path });
    else if (tree) dirs.push({ kind, path: source.path ? join(tree, source.path) : tree });
    else skipped.push(`${kind} from git ${source.url}${source.path ? `:${source.path}` : ''}`);
  };
  for (const source of config.catalog.sources) add('catalog', source);
  const own: Record<Exclude<Kind, 'catalog'>, string[]> = {
    actions: [config.actions.dir ?? EXAMPLE_ACTIONS_DIR],
    policies: config.policy.paths,
    templates: config.templates.paths,
    runbooks: [config.runbooks.dir],
  };
  // Actions first: runbooks are checked against the action ids found.
  for (const kind of ['actions', 'policies', 'templates', 'runbooks'] as const) {
    const sources = fromGitops(kind);
    if (sources.length > 0) for (const source of sources) add(kind, source);
    else for (const path of own[kind]) add(kind, { type: 'dir', path });
  }
  return dirs;
}

/** Checks every settings directory `config` names; nothing is applied or started. */
export async function validateConfigTree(config: CairnConfig, tree: string | null): Promise<TreeReport> {
  const skipped: string[] = [];
  const checked = directoriesOf(config, tree, skipped);
  const problems: TreeProblem[] = [];
  const actionIds = new Set<string>();
  for (const { kind, path } of checked) {
    const found: Array<{ file: string; line: number | null; message: string }> = [];
    if (!existsSync(path)) {
      // The server reads a missing runbook folder as none; every other kind needs its directory.
      if (kind !== 'runbooks') found.push({ file: path, line: null, message: 'no such file or directory' });
    } else if (kind === 'catalog') {
      // A directory's files are named relative to it; a source that is one file, by its path.
      const single = statSync(path).isFile();
      try {
        found.push(...(await readCatalogSource(path, single ? path : undefined)).problems);
      } catch (error) {
        found.push({
          file: path,
          line: null,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    } else if (kind === 'actions') {
      const read = readActionDirectory(path, offlineExecutorRegistry);
      for (const action of read.actions) actionIds.add(action.id);
      found.push(...read.problems);
    } else if (kind === 'policies') {
      found.push(...readPolicySource(path).problems);
    } else if (kind === 'templates') {
      found.push(...readTemplateSource(path, null).problems);
    } else {
      // Action ids are known only when every action source was checked.
      const allActions = !skipped.some((note) => note.startsWith('actions '));
      found.push(...loadRunbooks(path, allActions ? actionIds : null).problems);
    }
    problems.push(...found.map((problem) => ({ kind, ...problem })));
  }
  return { checked, skipped, problems };
}
