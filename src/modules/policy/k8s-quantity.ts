/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) as exact fractions, with the apiserver's
 * CEL quantity library semantics: parsing per k8s.io/apimachinery resource.Quantity, exact
 * comparison, `asInteger` failing when the value is fractional or beyond int64.
 */

const binarySuffixes: Record<string, bigint> = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n,
};
const decimalExponents: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const quantityPattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);

/** An exact quantity: `numerator / denominator`, denominator positive. */
export class Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly text: string;
  constructor(numerator: bigint, denominator: bigint, text: string) {
    const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator) || 1n;
    this.numerator = numerator / divisor;
    this.denominator = denominator / divisor;
    this.text = text;
  }

  compareTo(other: Quantity): bigint {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left === right ? 0n : left < right ? -1n : 1n;
  }

  add(other: Quantity): Quantity {
    return new Quantity(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
      '',
    );
  }

  negate(): Quantity {
    return new Quantity(-this.numerator, this.denominator, '');
  }

  isInteger(): boolean {
    return this.denominator === 1n && this.numerator >= minInt64 && this.numerator <= maxInt64;
  }

  asInteger(): bigint {
    if (!this.isInteger()) throw new Error(`cannot convert quantity ${this.text} to an integer`);
    return this.numerator;
  }

  asApproximateFloat(): number {
    return Number(this.numerator) / Number(this.denominator);
  }

  sign(): bigint {
    return this.numerator === 0n ? 0n : this.numerator < 0n ? -1n : 1n;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Parses a quantity string; returns undefined when it is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = quantityPattern.exec(text);
  if (!match) return undefined;
  const [, sign = '', digits = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const binary = binarySuffixes[suffix];
  let exponent = 0;
  if (binary !== undefined) numerator *= binary;
  else if (/^[eE]/.test(suffix)) exponent = Number(suffix.slice(1));
  else exponent = decimalExponents[suffix] ?? 0;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return new Quantity(numerator, denominator, text);
}

/** `quantity(s)`: the apiserver errors on a string that is not a quantity. */
export function quantityOf(text: string): Quantity {
  const quantity = parseQuantity(text);
  if (!quantity) throw new Error(`quantities must match the regular expression '${quantityPattern.source}'`);
  return quantity;
}
