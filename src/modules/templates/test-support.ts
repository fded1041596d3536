import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The shared data directory (`../shared/data` beside the repository, as CI lays it out), or
 * CAIRN_SHARED_DATA. Tests that need it fail with this message when it is missing.
 */
export function sharedDataDir(): string {
  const candidates = [
    process.env.CAIRN_SHARED_DATA,
    join(repoRoot, '../shared/data'),
    join(repoRoot, '../../shared/data'),
  ].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => existsSync(join(c, 'backstage-templates')));
  if (!found)
    throw new Error(`shared data not found (looked in ${candidates.join(', ')}); set CAIRN_SHARED_DATA`);
  return found;
}
