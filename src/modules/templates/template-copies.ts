import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How many copies of one template source stay on disk: the one applied now and the two before, so
 * a task started from an earlier commit a moment ago still finds its skeleton while it runs.
 */
export const TEMPLATE_COPIES_KEPT = 3;

/**
 * Removes all but the `keep` newest copies in `parent` whose names end with `suffix` (one template
 * source's copies, one per git commit applied); returns the names removed. Without it every commit
 * to a template repository would leave a copy of all its files in the data dir for good.
 */
export function pruneTemplateCopies(parent: string, suffix: string, keep = TEMPLATE_COPIES_KEPT): string[] {
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.endsWith(suffix));
  } catch {
    return [];
  }
  const newestFirst = names
    .map((name) => ({ name, modified: statSync(join(parent, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified || b.name.localeCompare(a.name));
  const removed = newestFirst.slice(keep).map(({ name }) => name);
  for (const name of removed) rmSync(join(parent, name), { recursive: true, force: true });
  return removed;
}
