import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TEMPLATE_FILE_NAMES } from './template-loader.ts';

/**
 * A digest of the files a template brings besides its template.yaml (its skeleton and whatever its
 * steps read), so `cairn config diff` sees a skeleton change that leaves the template.yaml alone.
 * Paths and contents count; a folder holding another template's template.yaml is that template's,
 * and `.git` is nobody's.
 */
export function templateFilesDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of ownFiles(dir, dir)) {
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function ownFiles(root: string, dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const sorted = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (dir !== root && sorted.some((entry) => entry.isFile() && TEMPLATE_FILE_NAMES.includes(entry.name)))
    return [];
  return sorted.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' ? [] : ownFiles(root, path);
    if (!entry.isFile() || (dir === root && TEMPLATE_FILE_NAMES.includes(entry.name))) return [];
    return [path];
  });
}
