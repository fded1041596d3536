import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import (static, `export … from`, `import type` or `import()`) of a Cairn file by another. */
export interface CairnImport {
  /** Importing file, relative to `src/`, e.g. `modules/slo/slo-evaluator.ts`. */
  from: string;
  /** Imported file, relative to `src/`. */
  to: string;
}

function listSourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listSourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Every relative import between the non-test files under `srcDir`, read with TypeScript's own
 * import scanner (multi-line, type-only and dynamic imports included). Package imports are left
 * out: the rules are about Cairn's own layers.
 */
export function scanCairnImports(srcDir: string): CairnImport[] {
  const root = resolve(srcDir);
  return listSourceFiles(root).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter((imported) => imported.fileName.startsWith('.'))
      .map((imported) => ({
        from: relative(root, file),
        to: relative(root, resolve(dirname(file), imported.fileName)),
      })),
  );
}

/**
 * CLI files that may import `server/`: the commands that start a server (`up`, `demo`: their run-*.ts halves, loaded only when they run), the
 * start/stop banner they share, and `config validate`, which checks a cairn.yaml offline with the
 * server's own loader so the CLI and the server can never disagree about a file.
 */
export const CLI_FILES_IMPORTING_SERVER = [
  'cli/commands/run-up.ts',
  'cli/commands/run-demo.ts',
  'cli/commands/config.ts',
  'cli/server-lifecycle.ts',
];

const moduleOf = (path: string): string | undefined =>
  path.startsWith('modules/') ? path.split('/')[1] : undefined;
const isModuleIndex = (path: string): boolean => /^modules\/[^/]+\/index\.ts$/.test(path);

/** Why `imported` breaks ARCHITECTURE.md's dependency rules, or undefined when it does not. */
function ruleBroken({ from, to }: CairnImport): string | undefined {
  const layer = from.split('/')[0];
  const target = to.split('/')[0];
  switch (layer) {
    case 'kernel':
      return target === 'kernel' ? undefined : 'kernel imports nothing of Cairn';
    case 'stores':
      return target === 'kernel' || target === 'stores' ? undefined : 'stores import only kernel';
    case 'demo':
      return target === 'kernel' || target === 'demo'
        ? undefined
        : 'the demo drives Cairn through its API: it imports only kernel';
    case 'modules': {
      if (target === 'kernel' || target === 'stores' || to === 'server/http/route.ts') return undefined;
      if (target !== 'modules') return 'modules import kernel, stores and server/http/route.ts only';
      return moduleOf(to) === moduleOf(from) || isModuleIndex(to)
        ? undefined
        : 'modules import other modules only through their index.ts';
    }
    case 'cli': {
      if (target === 'server')
        return CLI_FILES_IMPORTING_SERVER.includes(from)
          ? undefined
          : 'the cli imports server only to start it; other commands go through the API';
      if (target === 'modules' && !isModuleIndex(to))
        return 'the cli imports modules only through their index.ts';
      return target === 'stores' ? 'the cli never opens a store' : undefined;
    }
    default:
      return undefined;
  }
}

/** Each import that breaks a rule, as `from -> to: rule`. */
export function findRuleViolations(imports: readonly CairnImport[]): string[] {
  return imports.flatMap((imported) => {
    const rule = ruleBroken(imported);
    return rule ? [`${imported.from} -> ${imported.to}: ${rule}`] : [];
  });
}

/** Cycles between modules (folder to folder), each as `a -> b -> a`, found by depth-first search. */
export function findModuleCycles(imports: readonly CairnImport[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const [source, target] = [moduleOf(from), moduleOf(to)];
    if (!source || !target || source === target) continue;
    edges.set(source, (edges.get(source) ?? new Set()).add(target));
  }
  const cycles = new Set<string>();
  const visit = (path: string[]): void => {
    const last = path.at(-1) as string; // visit is only called with a non-empty path
    for (const next of [...(edges.get(last) ?? [])].sort()) {
      const seen = path.indexOf(next);
      if (seen >= 0) {
        const loop = path.slice(seen);
        // One spelling per cycle: start at its alphabetically first module.
        const start = loop.indexOf([...loop].sort()[0] as string);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add([...rotated, rotated[0]].join(' -> '));
      } else visit([...path, next]);
    }
  };
  for (const module of [...edges.keys()].sort()) visit([module]);
  return [...cycles].sort();
}
