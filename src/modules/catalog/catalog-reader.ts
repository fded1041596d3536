import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { type CatalogEntity, type CatalogProblem, parseCatalogFile } from './entity-parser.ts';

/** Directories never searched for descriptors. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** YAML files beside descriptors that are never descriptors (MkDocs' config for service docs). */
const SKIPPED_FILES = new Set(['mkdocs.yml', 'mkdocs.yaml']);

export interface CatalogReadResult {
  entities: CatalogEntity[];
  problems: CatalogProblem[];
  files: number;
}

/** Reads one descriptor file (a template task registers just its new repository's catalog-info.yaml). */
export async function readCatalogFile(path: string): Promise<CatalogReadResult> {
  const parsed = parseCatalogFile(basename(path), await readFile(path, 'utf8'));
  return { entities: parsed.entities, problems: parsed.problems, files: 1 };
}

/**
 * Reads a catalog source as the catalog sync does: a directory, or one YAML file holding any
 * number of documents. Problems of a single file are named as `displayPath` when given (else its
 * base name), so the CLI prints the path the user typed.
 */
export async function readCatalogSource(path: string, displayPath?: string): Promise<CatalogReadResult> {
  const stats = await stat(path);
  if (stats.isDirectory()) return readCatalogDirectory(path, displayPath);
  if (!stats.isFile() || !/\.ya?ml$/i.test(path)) throw new Error('not a directory or a YAML file');
  const parsed = parseCatalogFile(displayPath ?? basename(path), await readFile(path, 'utf8'));
  return { entities: parsed.entities, problems: parsed.problems, files: 1 };
}

/**
 * Reads every `.yaml`/`.yml` file under `root` (dot-directories and node_modules skipped), in a
 * stable order. File names in entities and problems are relative to `root`, prefixed with
 * `displayRoot` when given (so the CLI can print paths the user typed).
 */
export async function readCatalogDirectory(root: string, displayRoot?: string): Promise<CatalogReadResult> {
  const files = (await listYamlFiles(root)).sort();
  const entities: CatalogEntity[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, CatalogEntity>();
  for (const path of files) {
    const shown = displayRoot === undefined ? relative(root, path) : join(displayRoot, relative(root, path));
    const parsed = parseCatalogFile(shown, await readFile(path, 'utf8'));
    problems.push(...parsed.problems);
    for (const entity of parsed.entities) {
      const first = seen.get(entity.ref);
      if (first) {
        problems.push({
          file: entity.file,
          line: entity.line,
          message: `${entity.ref} is declared twice; the first is at ${first.file}:${first.line}`,
        });
        continue;
      }
      seen.set(entity.ref, entity);
      entities.push(entity);
    }
  }
  return { entities, problems, files: files.length };
}

async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) ? [] : listYamlFiles(path);
      }
      return entry.isFile() && /\.ya?ml$/i.test(entry.name) && !SKIPPED_FILES.has(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}
