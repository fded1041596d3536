/**
 * Exact tests on 2×2 count tables, used where counts are small (a few dozen events in a 3-minute
 * window) and a normal approximation would overstate the surprise of a handful of events.
 *
 * The table compares how often an outcome happened among `afterTotal` trials after onset with how
 * often it happened among `beforeTotal` trials in the baseline. Under "nothing changed", the after
 * count is hypergeometric given the margins (Fisher's exact test).
 */
export interface TwoByTwo {
  /** Trials in the baseline window and, of those, how many had the outcome. */
  readonly beforeTotal: number;
  readonly beforeHits: number;
  /** Trials after onset and, of those, how many had the outcome. */
  readonly afterTotal: number;
  readonly afterHits: number;
}

const logFactorials: number[] = [0];

function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++)
    logFactorials.push((logFactorials[i - 1] ?? 0) + Math.log(i));
  return logFactorials[n] ?? 0;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** The support and log-probability of the after count under "nothing changed". */
function hypergeometric(t: TwoByTwo): { lo: number; hi: number; logPmf: (x: number) => number } {
  const total = t.beforeTotal + t.afterTotal;
  const hits = t.beforeHits + t.afterHits;
  const lo = Math.max(0, hits - t.beforeTotal);
  const hi = Math.min(hits, t.afterTotal);
  const logDenominator = logChoose(total, t.afterTotal);
  return {
    lo,
    hi,
    logPmf: (x) => logChoose(hits, x) + logChoose(total - hits, t.afterTotal - x) - logDenominator,
  };
}

/**
 * One-sided p-values of Fisher's exact test: `lower` = P(after count ≤ observed) (the outcome fell
 * after onset), `upper` = P(after count ≥ observed) (it rose).
 */
export function fisherTails(t: TwoByTwo): { lower: number; upper: number } {
  const { lo, hi, logPmf } = hypergeometric(t);
  let lower = 0;
  for (let x = lo; x <= t.afterHits; x++) lower += Math.exp(logPmf(x));
  let upper = 0;
  for (let x = t.afterHits; x <= hi; x++) upper += Math.exp(logPmf(x));
  return { lower: Math.min(1, lower), upper: Math.min(1, upper) };
}

/**
 * The smallest one-sided p-value this table's margins allow, whatever the after count: a test
 * that cannot reach the significance level cannot give a false alarm, so it need not count
 * towards a multiple-testing correction (Tarone, 1990).
 */
export function minimumAttainableP(t: TwoByTwo): number {
  const { lo, hi, logPmf } = hypergeometric(t);
  return Math.min(1, Math.exp(Math.min(logPmf(lo), logPmf(hi))));
}

/** z beyond which p underflows double precision; also the cap of every z derived from a p. */
export const MAX_Z = 37;

/**
 * The standard-normal z whose upper tail is `p` (z = Φ⁻¹(1 − p)), via Acklam's rational
 * approximation (relative error < 1.2e-9), so exact p-values sit on the same z scale as the other
 * signals.
 */
export function zOfUpperTail(p: number): number {
  if (!(p > 0)) return MAX_Z;
  if (p >= 1) return Number.NEGATIVE_INFINITY;
  // Φ⁻¹(1 − p) = −Φ⁻¹(p); computed for the lower tail q = p.
  const q = p;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const at = (xs: readonly number[], i: number) => xs[i] ?? 0;
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x =
      (((((at(c, 0) * r + at(c, 1)) * r + at(c, 2)) * r + at(c, 3)) * r + at(c, 4)) * r + at(c, 5)) /
      ((((at(d, 0) * r + at(d, 1)) * r + at(d, 2)) * r + at(d, 3)) * r + 1);
  } else if (q <= 1 - 0.02425) {
    const u = q - 0.5;
    const r = u * u;
    x =
      ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * u) /
      (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
  } else {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    x = -(
      (((((at(c, 0) * r + at(c, 1)) * r + at(c, 2)) * r + at(c, 3)) * r + at(c, 4)) * r + at(c, 5)) /
      ((((at(d, 0) * r + at(d, 1)) * r + at(d, 2)) * r + at(d, 3)) * r + 1)
    );
  }
  return Math.min(MAX_Z, -x);
}
