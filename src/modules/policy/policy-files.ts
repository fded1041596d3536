/** Reading policies and manifests from files, folders and standard input. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../kernel/errors.ts';
import { readYamlDocuments } from './kyverno-test-runner.ts';
import type { CheckInput } from './manifest-check.ts';
import { mergePolicySets, type PolicySet, readPolicySet } from './policy-model.ts';
import { readScorecards, type Scorecard } from './scorecard-model.ts';

const isYaml = (name: string) => /\.(ya?ml|json)$/.test(name);

/** YAML/JSON files under `path` (itself when a file), in name order; test folders are left out. */
export function listYamlFiles(path: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or directory`, 'path');
  }
  if (stat.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listYamlFiles(child);
      return entry.isFile() && isYaml(entry.name) ? [child] : [];
    });
}

/** Every policy, binding and exception found in `paths`. */
export function loadPolicySet(paths: string[]): PolicySet {
  return mergePolicySets(
    paths.flatMap(listYamlFiles).map((file) => readPolicySet(readYamlDocuments(file), file)),
  );
}

/** Manifests to check: files and folders, or `-` for text read from standard input. */
export function loadCheckInputs(paths: string[], stdinText: () => string): CheckInput[] {
  return paths.flatMap((path) =>
    path === '-'
      ? [{ source: '-', documents: readYamlDocuments('-', stdinText()) }]
      : listYamlFiles(path).map((file) => ({ source: file, documents: readYamlDocuments(file) })),
  );
}

/** Every Scorecard document found in `paths`. */
export function loadScorecards(paths: string[]): Scorecard[] {
  return paths.flatMap(listYamlFiles).flatMap((file) => readScorecards(readYamlDocuments(file), file));
}
