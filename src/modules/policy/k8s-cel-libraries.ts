/**
 * The Kubernetes CEL libraries that real policies use, with the apiserver's semantics
 * (k8s.io/apiserver/pkg/cel/library): lists (isSorted, sum, min, max, indexOf, lastIndexOf),
 * regex (find, findAll), quantity(), url() and semver(). Only what policies in the wild call.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { parseQuantity, Quantity, quantityOf } from './k8s-quantity.ts';

/** A parsed URL with the accessors of the apiserver's URL library. */
export class KubernetesUrl {
  readonly url: URL;
  constructor(url: URL) {
    this.url = url;
  }
}

/** A semantic version (major.minor.patch with optional pre-release), as the semver library reads it. */
export class Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly prerelease: string;
  constructor(major: bigint, minor: bigint, patch: bigint, prerelease: string) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.prerelease = prerelease;
  }

  compareTo(other: Semver): bigint {
    for (const [a, b] of [
      [this.major, other.major],
      [this.minor, other.minor],
      [this.patch, other.patch],
    ] as const) {
      if (a !== b) return a < b ? -1n : 1n;
    }
    if (this.prerelease === other.prerelease) return 0n;
    if (this.prerelease === '') return 1n;
    if (other.prerelease === '') return -1n;
    return this.prerelease < other.prerelease ? -1n : 1n;
  }
}

const semverPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseSemver(text: string): Semver | undefined {
  const match = semverPattern.exec(text);
  if (!match) return undefined;
  return new Semver(BigInt(match[1] ?? 0), BigInt(match[2] ?? 0), BigInt(match[3] ?? 0), match[4] ?? '');
}

function parseUrl(text: string): KubernetesUrl | undefined {
  // The apiserver accepts absolute URIs and absolute paths (url.ParseRequestURI).
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text) && !text.startsWith('/')) return undefined;
  try {
    return new KubernetesUrl(new URL(text, text.startsWith('/') ? 'relative:///' : undefined));
  } catch {
    return undefined;
  }
}

type Comparable = bigint | number | string | boolean;

function compareScalars(a: unknown, b: unknown): number {
  if (a instanceof Quantity && b instanceof Quantity) return Number(a.compareTo(b));
  const left = a as Comparable;
  const right = b as Comparable;
  return left < right ? -1 : left > right ? 1 : 0;
}

function sumOf(list: unknown[]): unknown {
  if (list.length === 0) return 0n;
  return list.reduce((total, item) => {
    if (total instanceof Quantity && item instanceof Quantity) return total.add(item);
    if (typeof total === 'bigint' && typeof item === 'bigint') return total + item;
    return Number(total) + Number(item);
  });
}

function extreme(list: unknown[], sign: number): unknown {
  if (list.length === 0) throw new Error('min/max of an empty list');
  return list.reduce((best, item) => (compareScalars(item, best) * sign > 0 ? item : best));
}

function indexOfValue(list: unknown[], value: unknown, fromEnd: boolean): bigint {
  const same = (item: unknown) => compareScalars(item, value) === 0 && typeof item === typeof value;
  return BigInt(fromEnd ? list.findLastIndex(same) : list.findIndex(same));
}

/** Registers the libraries on `environment` (mutates it; called once at start). */
export function registerKubernetesLibraries(environment: Environment): void {
  environment
    .registerFunction('list.isSorted(): bool', (list: unknown[]) =>
      list.every((item, i) => i === 0 || compareScalars(list[i - 1], item) <= 0),
    )
    .registerFunction('list.sum(): dyn', sumOf)
    .registerFunction('list.min(): dyn', (list: unknown[]) => extreme(list, -1))
    .registerFunction('list.max(): dyn', (list: unknown[]) => extreme(list, 1))
    .registerFunction('list.indexOf(dyn): int', (list: unknown[], value: unknown) =>
      indexOfValue(list, value, false),
    )
    .registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], value: unknown) =>
      indexOfValue(list, value, true),
    )
    .registerFunction(
      'string.find(string): string',
      (text: string, pattern: string) => new RegExp(pattern).exec(text)?.[0] ?? '',
    )
    .registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) =>
      [...text.matchAll(new RegExp(pattern, 'g'))].map((m) => m[0]),
    )
    .registerFunction(
      'string.findAll(string, int): list<string>',
      (text: string, pattern: string, limit: bigint) => {
        const all = [...text.matchAll(new RegExp(pattern, 'g'))].map((m) => m[0]);
        return limit < 0n ? all : all.slice(0, Number(limit));
      },
    );

  environment
    .registerType('Quantity', Quantity)
    .registerFunction('quantity(string): Quantity', quantityOf)
    .registerFunction('isQuantity(string): bool', (text: string) => parseQuantity(text) !== undefined)
    .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => a.compareTo(b))
    .registerFunction(
      'Quantity.isGreaterThan(Quantity): bool',
      (a: Quantity, b: Quantity) => a.compareTo(b) > 0n,
    )
    .registerFunction(
      'Quantity.isLessThan(Quantity): bool',
      (a: Quantity, b: Quantity) => a.compareTo(b) < 0n,
    )
    .registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b))
    .registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) =>
      a.add(new Quantity(b, 1n, '')),
    )
    .registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b.negate()))
    .registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) =>
      a.add(new Quantity(-b, 1n, '')),
    )
    .registerFunction('Quantity.isInteger(): bool', (q: Quantity) => q.isInteger())
    .registerFunction('Quantity.asInteger(): int', (q: Quantity) => q.asInteger())
    .registerFunction('Quantity.asApproximateFloat(): double', (q: Quantity) => q.asApproximateFloat())
    .registerFunction('Quantity.sign(): int', (q: Quantity) => q.sign());

  environment
    .registerType('URL', KubernetesUrl)
    .registerFunction('url(string): URL', (text: string) => {
      const url = parseUrl(text);
      if (!url) throw new Error(`URL parse error during conversion from string: ${text}`);
      return url;
    })
    .registerFunction('isURL(string): bool', (text: string) => parseUrl(text) !== undefined)
    .registerFunction('URL.getScheme(): string', (u: KubernetesUrl) =>
      u.url.protocol === 'relative:' ? '' : u.url.protocol.replace(/:$/, ''),
    )
    .registerFunction('URL.getHost(): string', (u: KubernetesUrl) => u.url.host)
    .registerFunction('URL.getHostname(): string', (u: KubernetesUrl) =>
      u.url.hostname.replace(/^\[|\]$/g, ''),
    )
    .registerFunction('URL.getPort(): string', (u: KubernetesUrl) => u.url.port)
    .registerFunction('URL.getEscapedPath(): string', (u: KubernetesUrl) => u.url.pathname)
    .registerFunction('URL.getQuery(): map<string, list<string>>', (u: KubernetesUrl) => {
      const query: Record<string, string[]> = {};
      for (const [key, value] of u.url.searchParams) {
        const values = query[key] ?? [];
        values.push(value);
        query[key] = values;
      }
      return query;
    });

  environment
    .registerType('Semver', Semver)
    .registerFunction('semver(string): Semver', (text: string) => {
      const version = parseSemver(text);
      if (!version) throw new Error(`string is not a valid SemVer: ${text}`);
      return version;
    })
    .registerFunction('isSemver(string): bool', (text: string) => parseSemver(text) !== undefined)
    .registerFunction('Semver.major(): int', (v: Semver) => v.major)
    .registerFunction('Semver.minor(): int', (v: Semver) => v.minor)
    .registerFunction('Semver.patch(): int', (v: Semver) => v.patch)
    .registerFunction('Semver.compareTo(Semver): int', (a: Semver, b: Semver) => a.compareTo(b))
    .registerFunction('Semver.isGreaterThan(Semver): bool', (a: Semver, b: Semver) => a.compareTo(b) > 0n)
    .registerFunction('Semver.isLessThan(Semver): bool', (a: Semver, b: Semver) => a.compareTo(b) < 0n);
}
