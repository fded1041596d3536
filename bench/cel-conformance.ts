/**
 * Runs the CEL specification's conformance data (`@bufbuild/cel-spec`, cel-spec v0.25.1) against
 * each JavaScript CEL candidate and prints the pass rate per section. The figures recorded in
 * docs/adr/0005-cel-engine.md come from this script: `node bench/cel-conformance.ts [--markdown]`.
 *
 * Every candidate is run the way Cairn runs it: values arrive as plain JSON-like data (no protobuf
 * registry), so tests whose bindings or expected values are protobuf messages, enums or types
 * count as failures for every candidate. A test passes when the expected value is produced (same
 * CEL type, same value) or, for an expected evaluation error, when the candidate reports one.
 * Type-check-only tests are left out.
 */
import { celUint, isCelError, isCelList, isCelMap, isCelUint, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { tests } from '@bufbuild/cel-spec/testdata/conformance.js';
import { Environment } from '@marcbachmann/cel-js';
import * as celJs from 'cel-js';

/** A CEL value as the conformance data writes it (`cel.expr.Value` in proto JSON). */
type SpecValue = { [key: string]: unknown };
/** A value reduced to a type tag and a comparable payload, so results of any engine compare. */
type Canonical =
  | { t: 'int' | 'uint' | 'string' | 'bytes'; v: string }
  | { t: 'double'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'list'; v: Canonical[] }
  | { t: 'map'; v: [Canonical, Canonical][] }
  | { t: 'unsupported' };

interface Candidate {
  name: string;
  /** Converts a spec value into the engine's input form; throws for kinds it has no form for. */
  input(value: SpecValue): unknown;
  /** Evaluates; throws (or returns an error the adapter turns into a throw) on evaluation error. */
  evaluate(expr: string, bindings: Record<string, unknown>): unknown;
  canonical(result: unknown): Canonical;
}

class Unsupported extends Error {}

function specToCanonical(value: SpecValue): Canonical {
  if ('int64Value' in value) return { t: 'int', v: String(value.int64Value) };
  if ('uint64Value' in value) return { t: 'uint', v: String(value.uint64Value) };
  if ('doubleValue' in value) return { t: 'double', v: Number(value.doubleValue) };
  if ('stringValue' in value) return { t: 'string', v: String(value.stringValue) };
  if ('boolValue' in value) return { t: 'bool', v: Boolean(value.boolValue) };
  if ('nullValue' in value) return { t: 'null' };
  if ('bytesValue' in value)
    return { t: 'bytes', v: Buffer.from(String(value.bytesValue), 'base64').toString('hex') };
  if ('listValue' in value) {
    const list = value.listValue as { values?: SpecValue[] };
    return { t: 'list', v: (list.values ?? []).map(specToCanonical) };
  }
  if ('mapValue' in value) {
    const map = value.mapValue as { entries?: { key: SpecValue; value: SpecValue }[] };
    return {
      t: 'map',
      v: (map.entries ?? []).map((e) => [specToCanonical(e.key), specToCanonical(e.value)]),
    };
  }
  return { t: 'unsupported' };
}

/** Builds an engine's input from a spec value with the engine's own scalar constructors. */
function makeInput(
  value: SpecValue,
  scalars: { int(v: string): unknown; uint(v: string): unknown; map(entries: [unknown, unknown][]): unknown },
): unknown {
  const recurse = (v: SpecValue) => makeInput(v, scalars);
  if ('int64Value' in value) return scalars.int(String(value.int64Value));
  if ('uint64Value' in value) return scalars.uint(String(value.uint64Value));
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return Boolean(value.boolValue);
  if ('nullValue' in value) return null;
  if ('bytesValue' in value) return new Uint8Array(Buffer.from(String(value.bytesValue), 'base64'));
  if ('listValue' in value) return ((value.listValue as { values?: SpecValue[] }).values ?? []).map(recurse);
  if ('mapValue' in value) {
    const map = value.mapValue as { entries?: { key: SpecValue; value: SpecValue }[] };
    return scalars.map((map.entries ?? []).map((e) => [recurse(e.key), recurse(e.value)]));
  }
  throw new Unsupported(`no plain form for ${Object.keys(value).join(',')}`);
}

function canonicalOf(
  result: unknown,
  isUint: (v: unknown) => boolean,
  uintValue: (v: unknown) => string,
  depth = 0,
): Canonical {
  // Some engines hand back self-referencing objects for values they cannot represent.
  if (depth > 8) return { t: 'unsupported' };
  const recurse = (v: unknown) => canonicalOf(v, isUint, uintValue, depth + 1);
  if (result === null || result === undefined) return { t: 'null' };
  if (typeof result === 'bigint') return { t: 'int', v: result.toString() };
  if (typeof result === 'number') return { t: 'double', v: result };
  if (typeof result === 'string') return { t: 'string', v: result };
  if (typeof result === 'boolean') return { t: 'bool', v: result };
  if (isUint(result)) return { t: 'uint', v: uintValue(result) };
  if (result instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(result).toString('hex') };
  if (isCelList(result) || Array.isArray(result))
    return { t: 'list', v: [...(result as Iterable<unknown>)].map(recurse) };
  if (isCelMap(result) || result instanceof Map) {
    return {
      t: 'map',
      v: [...(result as Map<unknown, unknown>).entries()].map(([k, v]) => [recurse(k), recurse(v)]),
    };
  }
  if (typeof result === 'object' && Object.getPrototypeOf(result) === Object.prototype) {
    return { t: 'map', v: Object.entries(result).map(([k, v]) => [{ t: 'string', v: k }, recurse(v)]) };
  }
  return { t: 'unsupported' };
}

function sameValue(a: Canonical, b: Canonical): boolean {
  if (a.t === 'unsupported' || b.t === 'unsupported' || a.t !== b.t) return false;
  if (a.t === 'double' && b.t === 'double')
    return Number.isNaN(a.v) ? Number.isNaN(b.v) : Object.is(a.v, b.v) || a.v === b.v;
  if (a.t === 'list' && b.t === 'list')
    return a.v.length === b.v.length && a.v.every((x, i) => sameValue(x, b.v[i] as Canonical));
  if (a.t === 'map' && b.t === 'map') {
    return (
      a.v.length === b.v.length &&
      a.v.every(([k, v]) => b.v.some(([k2, v2]) => sameValue(k, k2) && sameValue(v, v2)))
    );
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

const bufbuild: Candidate = {
  name: '@bufbuild/cel 0.6.1',
  input: (v) => makeInput(v, { int: BigInt, uint: (s) => celUint(BigInt(s)), map: (e) => new Map(e) }),
  evaluate(expr, bindings) {
    const result = run(expr, bindings as Record<string, never>, { funcs: strings });
    if (isCelError(result)) throw new Error(result.message);
    return result;
  },
  canonical: (r) => canonicalOf(r, isCelUint, (v) => String((v as { value: bigint }).value)),
};

const marcEnv = new Environment({
  unlistedVariablesAreDyn: true,
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
});
const marcUintClass = (marcEnv.evaluate('1u') as object).constructor;
const marcbachmann: Candidate = {
  name: '@marcbachmann/cel-js 8.0.0',
  input: (v) =>
    makeInput(v, {
      int: BigInt,
      uint: () => {
        throw new Unsupported('no documented uint input');
      },
      map: (e) => new Map(e),
    }),
  evaluate: (expr, bindings) => marcEnv.evaluate(expr, bindings),
  canonical: (r) =>
    canonicalOf(
      r,
      (v) => v instanceof marcUintClass,
      (v) => String((v as { value: number | bigint }).value),
    ),
};

const chromeggCelJs: Candidate = {
  name: 'cel-js 0.8.2',
  input: (v) =>
    makeInput(v, { int: Number, uint: Number, map: (e) => Object.fromEntries(e as [string, unknown][]) }),
  evaluate: (expr, bindings) => celJs.evaluate(expr, bindings as Record<string, never>),
  canonical: (r) => canonicalOf(r, () => false, String),
};

interface Tally {
  passed: number;
  total: number;
}

interface SpecTest {
  original: {
    name?: string;
    expr: string;
    bindings?: Record<string, { value?: SpecValue }>;
    value?: SpecValue;
    evalError?: unknown;
    typedResult?: { result?: SpecValue };
    checkOnly?: boolean;
  };
}
interface SpecSuite {
  name: string;
  tests?: SpecTest[];
  suites?: SpecSuite[];
}

function* walk(suite: SpecSuite): Generator<SpecTest> {
  for (const test of suite.tests ?? []) yield test;
  for (const child of suite.suites ?? []) yield* walk(child);
}

function passes(candidate: Candidate, test: SpecTest): boolean {
  const { expr, bindings, evalError, checkOnly } = test.original;
  const expected = test.original.value ?? test.original.typedResult?.result;
  let input: Record<string, unknown>;
  try {
    input = Object.fromEntries(
      Object.entries(bindings ?? {}).map(([name, b]) => [name, candidate.input(b.value ?? {})]),
    );
  } catch {
    return false;
  }
  if (checkOnly) return false;
  let result: unknown;
  try {
    result = candidate.evaluate(expr, input);
  } catch {
    return evalError !== undefined;
  }
  if (evalError !== undefined || expected === undefined) return false;
  return sameValue(specToCanonical(expected), candidate.canonical(result));
}

const candidates = [bufbuild, marcbachmann, chromeggCelJs];
const sections = (tests as SpecSuite).suites ?? [];
const rows: { section: string; tallies: Tally[] }[] = [];
for (const section of sections) {
  const sectionTests = [...walk(section)].filter((t) => !t.original.checkOnly);
  rows.push({
    section: section.name,
    tallies: candidates.map((c) => ({
      total: sectionTests.length,
      passed: sectionTests.filter((t) => passes(c, t)).length,
    })),
  });
}
const totals = candidates.map((_, i) => ({
  passed: rows.reduce((sum, r) => sum + (r.tallies[i]?.passed ?? 0), 0),
  total: rows.reduce((sum, r) => sum + (r.tallies[i]?.total ?? 0), 0),
}));

const percent = (t: Tally) => (t.total === 0 ? '-' : `${((100 * t.passed) / t.total).toFixed(1)}%`);
const cell = (t: Tally) => `${t.passed}/${t.total} (${percent(t)})`;
if (process.argv.includes('--markdown')) {
  process.stdout.write(`| section | ${candidates.map((c) => c.name).join(' | ')} |\n`);
  process.stdout.write(`|---|${candidates.map(() => '---').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${r.section} | ${r.tallies.map(cell).join(' | ')} |\n`);
  process.stdout.write(`| **all** | ${totals.map(cell).join(' | ')} |\n`);
} else {
  for (const r of rows)
    process.stdout.write(`${r.section.padEnd(16)} ${r.tallies.map((t) => cell(t).padEnd(22)).join(' ')}\n`);
  process.stdout.write(`${'all'.padEnd(16)} ${totals.map((t) => cell(t).padEnd(22)).join(' ')}\n`);
  process.stdout.write(`columns: ${candidates.map((c) => c.name).join(', ')}\n`);
}
