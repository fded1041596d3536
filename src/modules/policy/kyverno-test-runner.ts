/**
 * Runs Kyverno CLI tests as they are written (`kyverno-test.yaml`, cli.kyverno.io/v1alpha1 Test):
 * the listed policies on the listed resources, each expected result (pass / fail / skip / error)
 * compared with what Cairn's evaluator decides. Namespaces from the test's `variables` file stand
 * in for the cluster's, as the Kyverno CLI does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../../kernel/errors.ts';
import { evaluatePolicySet, type PolicyOutcome, type PolicyResult } from './policy-evaluator.ts';
import { identify, type KubeObject } from './policy-match.ts';
import { isPolicyDocument, mergePolicySets, readPolicySet } from './policy-model.ts';

export interface ExpectedResultRow {
  /** The test file, relative to the directory the run started from. */
  test: string;
  policy: string;
  kind: string;
  resource: string;
  expected: string;
  actual: PolicyOutcome | 'not found';
  matched: boolean;
  /** First violation message or evaluation error, to explain a mismatch. */
  detail?: string;
}

export interface KyvernoTestRun {
  rows: ExpectedResultRow[];
  tests: number;
  matched: number;
  mismatched: number;
}

/** Reads every YAML document of a file; a document that does not parse is an InputError naming the file. */
export function readYamlDocuments(path: string, text = readFileSync(path, 'utf8')): unknown[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      throw new InputError(
        `${path}: ${doc.errors[0]?.message.split('\n')[0] ?? 'YAML does not parse'}`,
        'file',
      );
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** Finds `kyverno-test.yaml` files under `root`, including the hidden `.kyverno-test` folders. */
export function findKyvernoTests(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') walk(path);
      else if (entry.isFile() && entry.name === 'kyverno-test.yaml') found.push(path);
    }
  };
  walk(root);
  return found;
}

interface TestDocument {
  policies?: string[];
  resources?: string[];
  variables?: string;
  results?: {
    policy: string;
    kind?: string;
    resources?: string[];
    resource?: string;
    namespace?: string;
    result: string;
  }[];
}

function namespacesFrom(valuesPath: string | undefined): Map<string, KubeObject> {
  const namespaces = new Map<string, KubeObject>();
  if (!valuesPath) return namespaces;
  for (const doc of readYamlDocuments(valuesPath)) {
    for (const namespace of ((doc as { namespaces?: KubeObject[] }).namespaces ?? []) as KubeObject[]) {
      const name = String((namespace.metadata as { name?: unknown } | undefined)?.name ?? '');
      namespaces.set(name, namespace);
    }
  }
  return namespaces;
}

function runOneTest(testPath: string, root: string): ExpectedResultRow[] {
  const dir = dirname(testPath);
  const test = readYamlDocuments(testPath)[0] as TestDocument | undefined;
  if (!test) throw new InputError(`${testPath}: empty test file`, 'file');
  const policyDocs = (test.policies ?? []).map((p) => readPolicySet(readYamlDocuments(resolve(dir, p)), p));
  const policySet = mergePolicySets(policyDocs);
  const resources = (test.resources ?? []).flatMap((p) =>
    readYamlDocuments(resolve(dir, p)).filter((doc) => !isPolicyDocument(doc)),
  ) as KubeObject[];
  const namespaces = namespacesFrom(test.variables ? resolve(dir, test.variables) : undefined);
  const actual: PolicyResult[] = resources.flatMap((object) => {
    const { namespace } = identify(object);
    const namespaceObject = namespaces.get(namespace);
    return evaluatePolicySet(policySet, { object, ...(namespaceObject ? { namespaceObject } : {}) });
  });
  const rows: ExpectedResultRow[] = [];
  for (const expected of test.results ?? []) {
    const names = expected.resources ?? (expected.resource ? [expected.resource] : []);
    for (const raw of names) {
      // Kyverno accepts `name` and `namespace/name`.
      const [namespace, name] = raw.includes('/') ? raw.split('/', 2) : [expected.namespace, raw];
      const found = actual.find(
        (r) =>
          r.policy === expected.policy &&
          r.resource.name === name &&
          (!expected.kind || r.resource.kind === expected.kind) &&
          (!namespace || r.resource.namespace === namespace),
      );
      const outcome = found?.outcome ?? 'not found';
      const detail = found?.error ?? found?.violations[0]?.message;
      rows.push({
        test: relative(root, testPath) || testPath,
        policy: expected.policy,
        kind: expected.kind ?? '',
        resource: raw,
        expected: expected.result.trim(),
        actual: outcome,
        matched: outcome === expected.result.trim(),
        ...(detail ? { detail } : {}),
      });
    }
  }
  return rows;
}

/** Runs every Kyverno test under `root` (a directory or one kyverno-test.yaml). */
export function runKyvernoTests(root: string): KyvernoTestRun {
  const tests = findKyvernoTests(root);
  if (tests.length === 0) throw new InputError(`no kyverno-test.yaml found under ${root}`, 'dir');
  const base = statSync(root).isFile() ? dirname(root) : root;
  const rows = tests.flatMap((path) => runOneTest(path, base));
  const matched = rows.filter((r) => r.matched).length;
  return { rows, tests: tests.length, matched, mismatched: rows.length - matched };
}
