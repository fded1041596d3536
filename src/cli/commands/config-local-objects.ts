/**
 * A working tree's config objects, described the way the running Cairn describes its own (see
 * modules/config-sources/config-objects.ts), with the loaders the server uses.
 */
import { existsSync, statSync } from 'node:fs';
import { describeError } from '../../kernel/errors.ts';
import { offlineExecutorRegistry, readActionDirectory } from '../../modules/actions/index.ts';
import { readCatalogSource } from '../../modules/catalog/index.ts';
import {
  type DescribedObject,
  describeActions,
  describeCatalogEntities,
  describePolicies,
  describeRunbooks,
  describeTemplates,
  type ObjectKind,
} from '../../modules/config-sources/index.ts';
import { readPolicySource } from '../../modules/policy/index.ts';
import { loadRunbooks } from '../../modules/runbooks/index.ts';
import { readTemplateSource } from '../../modules/templates/index.ts';

export interface LocalObjects {
  objects: DescribedObject[];
  problems: Array<{ file: string; line: number | null; message: string }>;
}

/**
 * Reads one source of `kind` at `path` (a directory, or a file where the kind allows one).
 * Runbooks are checked against `actionIds` when given (null: every action id is accepted).
 */
export async function readLocalObjects(
  kind: ObjectKind,
  path: string,
  actionIds: ReadonlySet<string> | null,
): Promise<LocalObjects> {
  // The server reads a missing runbook folder as none; every other kind needs its path.
  if (!existsSync(path)) {
    if (kind === 'runbooks') return { objects: [], problems: [] };
    return { objects: [], problems: [{ file: path, line: null, message: 'no such file or directory' }] };
  }
  switch (kind) {
    case 'catalog': {
      // A directory's files are named relative to it; a source that is one file, by its path.
      try {
        const read = await readCatalogSource(path, statSync(path).isFile() ? path : undefined);
        return { objects: describeCatalogEntities(read.entities), problems: read.problems };
      } catch (error) {
        return { objects: [], problems: [{ file: path, line: null, message: describeError(error) }] };
      }
    }
    case 'actions': {
      const read = readActionDirectory(path, offlineExecutorRegistry);
      return { objects: describeActions(read.actions), problems: read.problems };
    }
    case 'runbooks': {
      const read = loadRunbooks(path, actionIds);
      return { objects: describeRunbooks(read.runbooks), problems: read.problems };
    }
    case 'templates': {
      const read = readTemplateSource(path, null);
      return { objects: describeTemplates(read), problems: read.problems };
    }
    case 'policies': {
      const read = readPolicySource(path);
      return { objects: describePolicies(read), problems: read.problems };
    }
  }
}
