import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every package in package.json earns its place: a dependency is imported by Cairn itself, a
 * development dependency by the tests, benchmarks, web UI, scripts or configuration, or it is a
 * tool or type package named below with what uses it.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Packages used other than by an import, and what uses them. */
const USED_WITHOUT_IMPORT: Record<string, string> = {
  '@biomejs/biome': 'the linter and formatter `npm test` runs',
  '@bufbuild/buf': 'scripts/generate-protobuf.ts runs it (npm run protobuf)',
  '@bufbuild/protoc-gen-es': 'the plugin scripts/generate-protobuf.ts hands to buf',
  '@testing-library/dom': "@testing-library/react's peer dependency",
  jsdom: "the web tests' environment (vitest.config.ts)",
  node: 'the Node.js the npm scripts run on',
  typescript: '`npm run typecheck`',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'generated') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The package names imported (statically, dynamically, as a side effect or required) by `files`. */
function importedPackages(files: string[]): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:from|import|require|resolve)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g;
  for (const file of files) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(specifier)) {
      if (spec === undefined || spec.startsWith('node:')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
    }
  }
  return names;
}

const cairn = importedPackages([...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'bin'))]);
const everything = importedPackages(
  ['src', 'bin', 'test', 'bench', 'web', 'scripts']
    .flatMap((dir) => sourceFiles(join(ROOT, dir)))
    .concat(
      readdirSync(ROOT)
        .filter((name) => /\.config\.(ts|js|mjs)$/.test(name))
        .map((name) => join(ROOT, name)),
    ),
);

/** `@types/x` types package x; `@types/scope__x` types @scope/x. */
function typed(name: string): string | undefined {
  if (!name.startsWith('@types/')) return undefined;
  const base = name.slice('@types/'.length);
  return base.includes('__') ? `@${base.replace('__', '/')}` : base;
}

describe('package.json', () => {
  it('lists no dependency that Cairn does not import', () => {
    expect(Object.keys(manifest.dependencies).filter((name) => !cairn.has(name))).toEqual([]);
  });

  it('lists no development dependency that nothing imports or runs', () => {
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    const unused = Object.keys(manifest.devDependencies).filter((name) => {
      if (everything.has(name) || name in USED_WITHOUT_IMPORT) return false;
      const base = typed(name);
      // Type packages serve the package they describe, Node itself, or types-only modules (mdast).
      return !(base !== undefined && (base in all || base === 'node' || everything.has(base)));
    });
    expect(unused).toEqual([]);
  });
});
