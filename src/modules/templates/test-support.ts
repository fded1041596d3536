import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The folder holding `backstage-templates/`: CAIRN_SHARED_DATA when set, else the copy kept in the
 * repository (test/templates/fixtures, Apache-2.0, see its SOURCE), so a clean checkout needs
 * nothing beside it.
 */
export function sharedDataDir(): string {
  const candidates = [process.env.CAIRN_SHARED_DATA, join(repoRoot, 'test/templates/fixtures')].filter(
    (c): c is string => Boolean(c),
  );
  const found = candidates.find((c) => existsSync(join(c, 'backstage-templates')));
  if (!found)
    throw new Error(`shared data not found (looked in ${candidates.join(', ')}); set CAIRN_SHARED_DATA`);
  return found;
}
