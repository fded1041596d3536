import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Runbook, RunbookProblem } from './contract.ts';
import { parseRunbook } from './runbook-parser.ts';
import { validateRunbooks } from './runbook-validate.ts';

export interface LoadedRunbooks {
  runbooks: Runbook[];
  problems: RunbookProblem[];
}

/**
 * Every `*.md` runbook in `dir` (not recursive; README.md is documentation, not a runbook), parsed
 * and validated. A missing directory holds no runbooks. `knownActions` null skips the action check.
 */
export function loadRunbooks(dir: string, knownActions: ReadonlySet<string> | null): LoadedRunbooks {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { runbooks: [], problems: [] };
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort();
  const runbooks: Runbook[] = [];
  const problems: RunbookProblem[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const parsed = parseRunbook(file, readFileSync(file, 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.runbook) runbooks.push(parsed.runbook);
  }
  problems.push(...validateRunbooks(runbooks, knownActions));
  return { runbooks, problems };
}

/**
 * Action ids defined in a folder of action YAML files (`id:` at the top level, else
 * `metadata.name`, else the file name); null when the folder does not exist.
 */
export function actionIdsIn(dir: string): Set<string> | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  const ids = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!/\.ya?ml$/.test(name)) continue;
    for (const doc of readYamlDocs(join(dir, name))) {
      const value = doc as { id?: unknown; metadata?: { name?: unknown } } | null;
      const id = value?.id ?? value?.metadata?.name ?? basename(name).replace(/\.ya?ml$/, '');
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

function readYamlDocs(file: string): unknown[] {
  try {
    return [parseDocument(readFileSync(file, 'utf8')).toJS() as unknown];
  } catch {
    return [];
  }
}
