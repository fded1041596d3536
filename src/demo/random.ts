/**
 * A small seeded random source, so the simulated shop is reproducible in tests (same seed, same
 * traffic) and varied in a demo (seeded from the clock).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number;
  /** Poisson-distributed count with mean `lambda` (Knuth; fine for the small means used here). */
  poisson(lambda: number): number;
  /** One element, chosen by weight. */
  weighted<T>(items: ReadonlyArray<{ weight: number; value: T }>): T;
  /** `bytes` random bytes as lowercase hex (trace-like ids, commit shas). */
  hex(bytes: number): string;
}

/** mulberry32: 32 bits of state, good enough statistics for a simulation, and fast. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box-Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    chance: (p) => next() < p,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      const limit = Math.exp(-lambda);
      let count = 0;
      let product = next();
      while (product > limit) {
        count++;
        product *= next();
      }
      return count;
    },
    weighted: (items) => {
      const total = items.reduce((sum, item) => sum + item.weight, 0);
      let pick = next() * total;
      for (const item of items) {
        pick -= item.weight;
        if (pick < 0) return item.value;
      }
      const last = items.at(-1);
      if (!last) throw new Error('weighted() needs at least one item');
      return last.value;
    },
    hex: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes; i++)
        out += Math.floor(next() * 256)
          .toString(16)
          .padStart(2, '0');
      return out;
    },
  };
}
