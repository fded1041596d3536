/**
 * `cairn config diff`: what applying a working tree would change against the running Cairn, for
 * every kind loaded from config sources (catalog, actions, runbooks, templates, policies): objects
 * added, changed (naming the fields) and removed. Both sides are described with the same loaders
 * and digests (GET /api/v1/config/objects), so an unchanged tree shows no difference.
 */
import { statSync } from 'node:fs';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import {
  type ConfigObject,
  type DescribedObject,
  OBJECT_KINDS,
  type ObjectKind,
} from '../../modules/config-sources/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { readLocalObjects } from './config-local-objects.ts';
import { directoriesOf } from './config-validate.ts';

export interface KindDiff {
  added: string[];
  changed: Array<{ name: string; fields: string[] }>;
  removed: string[];
}

/** Per compared kind, in `OBJECT_KINDS` order. */
export type ConfigDiff = Partial<Record<ObjectKind, KindDiff>>;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Compares the objects of one kind a tree declares with those running; names sorted. */
export function diffObjects(
  local: ReadonlyArray<Pick<DescribedObject, 'name' | 'fields'>>,
  running: ReadonlyArray<Pick<ConfigObject, 'name' | 'fields'>>,
): KindDiff {
  const wanted = new Map<string, Record<string, string>>();
  // Two sources of one kind naming one object: the first wins, as on the server.
  for (const object of local) if (!wanted.has(object.name)) wanted.set(object.name, object.fields);
  const current = new Map(running.map((object) => [object.name, object.fields]));
  const diff: KindDiff = { added: [], changed: [], removed: [] };
  for (const name of [...wanted.keys()].sort(byName)) {
    const after = wanted.get(name) ?? {};
    const before = current.get(name);
    if (!before) {
      diff.added.push(name);
      continue;
    }
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((field) => before[field] !== after[field])
      .sort(byName);
    if (fields.length > 0) diff.changed.push({ name, fields });
  }
  diff.removed = [...current.keys()].filter((name) => !wanted.has(name)).sort(byName);
  return diff;
}

/** The text `cairn config diff` prints: grouped by kind, then added, changed and removed. */
export function formatConfigDiff(diff: ConfigDiff): string[] {
  return OBJECT_KINDS.flatMap((kind) => {
    const found = diff[kind];
    if (!found) return [];
    return [
      ...found.added.map((name) => `+ ${kind} ${name}`),
      ...found.changed.map(({ name, fields }) => `~ ${kind} ${name} (${fields.join(', ')})`),
      ...found.removed.map((name) => `- ${kind} ${name}`),
    ];
  });
}

type Local = Map<ObjectKind, DescribedObject[]>;

/** Reads every source of every kind a cairn.yaml names; kinds with a git source and no tree are left out. */
async function readConfigTree(
  config: CairnConfig,
  tree: string | null,
): Promise<{ local: Local; problems: string[]; skipped: string[] }> {
  const skipped: string[] = [];
  const sources = directoriesOf(config, tree, skipped);
  const local: Local = new Map();
  const problems: string[] = [];
  const actionIds = new Set<string>();
  for (const { kind, path } of sources) {
    // Action ids are known only when every action source was read.
    const allActions = !skipped.some((note) => note.startsWith('actions '));
    const read = await readLocalObjects(kind, path, allActions ? actionIds : null);
    if (kind === 'actions') for (const object of read.objects) actionIds.add(object.name);
    problems.push(
      ...read.problems.map((p) => `${kind}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`),
    );
    local.set(kind, [...(local.get(kind) ?? []), ...read.objects]);
  }
  // A kind read only in part would show the rest as removed: it is not compared.
  for (const note of skipped) local.delete(note.split(' ')[0] as ObjectKind);
  return { local, problems, skipped };
}

export interface ConfigDiffOptions extends ApiTargetOptions {
  kind?: ObjectKind | undefined;
  config?: CairnConfig | undefined;
  tree?: string | undefined;
  json?: boolean | undefined;
  exitCode?: boolean | undefined;
}

/**
 * Diffs one source (`path` with `kind`) or every source of a loaded cairn.yaml (`config`), prints
 * one line per difference, and exits 2 on any with `exitCode`. Problems in the files: exit 1.
 */
export async function runConfigDiff(path: string | null, options: ConfigDiffOptions): Promise<void> {
  let local: Local;
  let problems: string[];
  if (options.config) {
    const read = await readConfigTree(options.config, options.tree ?? null);
    ({ local, problems } = read);
    for (const note of read.skipped) process.stderr.write(`not compared (no --tree): ${note}\n`);
  } else {
    if (!path) throw new CliError('name a source to compare, or a cairn.yaml');
    const kind = options.kind ?? 'catalog';
    const read = await readLocalObjects(kind, path, null);
    local = new Map([[kind, read.objects]]);
    problems = read.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  }
  if (problems.length > 0) {
    throw new CliError(`the files have problems, nothing compared:\n  ${problems.join('\n  ')}`);
  }
  const running = await callApi<{ items: ConfigObject[] }>(
    resolveApiTarget(options),
    'GET',
    '/api/v1/config/objects',
  );
  const diff: ConfigDiff = {};
  for (const kind of OBJECT_KINDS) {
    const objects = local.get(kind);
    if (objects)
      diff[kind] = diffObjects(
        objects,
        running.items.filter((item) => item.kind === kind),
      );
  }
  const all = Object.values(diff);
  const count = (pick: (d: KindDiff) => unknown[]) => all.reduce((sum, d) => sum + pick(d).length, 0);
  const [added, changed, removed] = [count((d) => d.added), count((d) => d.changed), count((d) => d.removed)];
  if (options.json) {
    process.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
  } else {
    const lines = formatConfigDiff(diff);
    process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    process.stderr.write(`${added} added, ${changed} changed, ${removed} removed\n`);
  }
  if (options.exitCode && added + changed + removed > 0) process.exitCode = 2;
}

/** The `--kind` value as a kind, or an error naming the kinds there are. */
export function objectKindOf(value: string): ObjectKind {
  const kind = OBJECT_KINDS.find((known) => known === value);
  if (!kind) throw new CliError(`--kind "${value}" is not one of ${OBJECT_KINDS.join(', ')}`);
  return kind;
}

/** `cairn config diff DIR` (no --kind) keeps meaning a catalog directory; a file is a cairn.yaml. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
