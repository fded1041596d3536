import type { SloDataSource, SloObjective } from './contract.ts';

/** A multi-window pair from the Google SRE workbook: both windows must burn `factor`× too fast. */
export interface BurnRateWindow {
  tier: 'page' | 'ticket';
  factor: number;
  longSeconds: number;
  shortSeconds: number;
  label: string;
}

const HOUR = 3600;

/** The workbook's recommended pairs (chapter 5, "Multiwindow, Multi-Burn-Rate Alerts"). */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { tier: 'page', factor: 14.4, longSeconds: HOUR, shortSeconds: 5 * 60, label: '1h/5m' },
  { tier: 'page', factor: 6, longSeconds: 6 * HOUR, shortSeconds: 30 * 60, label: '6h/30m' },
  { tier: 'ticket', factor: 3, longSeconds: 24 * HOUR, shortSeconds: 2 * HOUR, label: '1d/2h' },
  { tier: 'ticket', factor: 1, longSeconds: 72 * HOUR, shortSeconds: 6 * HOUR, label: '3d/6h' },
];

/** The outcome for one tier of one objective. */
export interface BurnVerdict {
  tier: BurnRateWindow['tier'];
  burning: boolean;
  /** The first pair that burns, or the tier's first pair when none does. */
  window: BurnRateWindow;
  burnRateLong: number;
  burnRateShort: number;
}

/** Error-budget burn rate: the bad fraction divided by the budget (1 - target). 0 without traffic. */
export function burnRate(counts: { total: number; bad: number }, targetPercent: number): number {
  if (counts.total === 0) return 0;
  const budget = 1 - targetPercent / 100;
  return counts.bad / counts.total / budget;
}

/**
 * Evaluates every pair of both tiers at `nowSeconds`; one verdict per tier. A pair burns only when
 * both windows burn `factor`× too fast AND each window holds at least `minBadEvents` bad events:
 * with little traffic one failed request is a 100% error rate, which is noise, not a burning budget.
 */
export async function evaluateObjective(
  objective: SloObjective,
  data: SloDataSource,
  nowSeconds: number,
  minBadEvents = 1,
): Promise<BurnVerdict[]> {
  const verdicts: BurnVerdict[] = [];
  for (const tier of ['page', 'ticket'] as const) {
    let first: BurnVerdict | undefined;
    for (const window of BURN_RATE_WINDOWS.filter((w) => w.tier === tier)) {
      const [long, short] = await Promise.all([
        data.counts(objective, nowSeconds - window.longSeconds, nowSeconds),
        data.counts(objective, nowSeconds - window.shortSeconds, nowSeconds),
      ]);
      const verdict: BurnVerdict = {
        tier,
        window,
        burnRateLong: round(burnRate(long, objective.target)),
        burnRateShort: round(burnRate(short, objective.target)),
        burning: false,
      };
      verdict.burning =
        verdict.burnRateLong >= window.factor &&
        verdict.burnRateShort >= window.factor &&
        long.bad >= minBadEvents &&
        short.bad >= minBadEvents;
      first ??= verdict;
      if (verdict.burning) {
        first = verdict;
        break;
      }
    }
    if (first) verdicts.push(first);
  }
  return verdicts;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
