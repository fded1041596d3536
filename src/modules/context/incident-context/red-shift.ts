import type { RedMinute } from './red-minutes.store.ts';

/** Minutes compared on each side of a change. */
export const SHIFT_WINDOW_MINUTES = 15;

/** A sustained move of one RED signal that started after a given instant. */
export interface SignalShift {
  before: number;
  after: number;
  /** Whole minutes from the instant to the end of the first shifted minute (at least 1). */
  withinMinutes: number;
}

/** What one service's RED did right after an instant (a change). */
export interface ShiftReport {
  /** Requests seen in the before and after windows; 0 means nothing to compare. */
  beforeCalls: number;
  afterCalls: number;
  errorRate: SignalShift | null;
  p99Ms: SignalShift | null;
}

/**
 * Compares one service's per-minute RED in the {@link SHIFT_WINDOW_MINUTES} before `atSeconds` with
 * the minutes from it until `endSeconds` (at most the same length). A signal has shifted when,
 * from some minute on, at least half of the remaining minutes (and at least two, or the only one
 * there is) leave the baseline:
 * - error rate: at least 2 errors, at least twice the baseline rate and 2 points above it;
 * - p99: at least 1.5 × the baseline's median per-minute p99 and 20 ms above it.
 * Both thresholds are deliberately coarse: a suspect must be blamed on a change a person can see
 * on a graph, not on noise.
 */
export function detectShift(
  minutes: readonly RedMinute[],
  atSeconds: number,
  endSeconds: number,
): ShiftReport {
  const changeMinute = Math.floor(atSeconds / 60) * 60;
  const windowEnd = Math.min(endSeconds, changeMinute + SHIFT_WINDOW_MINUTES * 60);
  const before = minutes.filter(
    (m) => m.t + 60 <= atSeconds && m.t >= changeMinute - SHIFT_WINDOW_MINUTES * 60,
  );
  const after = minutes.filter((m) => m.t >= changeMinute && m.t < windowEnd).sort((a, b) => a.t - b.t);
  const beforeCalls = sum(before, (m) => m.calls);
  const afterCalls = sum(after, (m) => m.calls);
  if (beforeCalls === 0 || afterCalls === 0) return { beforeCalls, afterCalls, errorRate: null, p99Ms: null };

  const baseRate = sum(before, (m) => m.errors) / beforeCalls;
  const errorShifted = (m: RedMinute) =>
    m.calls > 0 && m.errors >= 2 && m.errors / m.calls >= Math.max(2 * baseRate, baseRate + 0.02);
  const errorStart = sustainedFrom(after, errorShifted);
  const errorRate =
    errorStart === undefined
      ? null
      : {
          before: baseRate,
          after: rateOf(after.slice(errorStart)),
          withinMinutes: within(after[errorStart]?.t ?? changeMinute, atSeconds),
        };

  const baseP99 = median(before.map((m) => m.p99Ms));
  const slow = (m: RedMinute) => m.p99Ms >= Math.max(1.5 * baseP99, baseP99 + 20);
  const latencyStart = before.length >= 3 ? sustainedFrom(after, slow) : undefined;
  const p99Ms =
    latencyStart === undefined
      ? null
      : {
          before: baseP99,
          after: median(after.slice(latencyStart).map((m) => m.p99Ms)),
          withinMinutes: within(after[latencyStart]?.t ?? changeMinute, atSeconds),
        };
  return { beforeCalls, afterCalls, errorRate, p99Ms };
}

/** Index of the first minute from which the shift holds (see {@link detectShift}), if any. */
function sustainedFrom(after: readonly RedMinute[], shifted: (m: RedMinute) => boolean): number | undefined {
  for (let i = 0; i < after.length; i++) {
    const minute = after[i];
    if (!minute || !shifted(minute)) continue;
    const rest = after.slice(i);
    const hits = rest.filter(shifted).length;
    if (hits * 2 >= rest.length && (hits >= 2 || rest.length === 1)) return i;
  }
  return undefined;
}

const within = (minuteStart: number, atSeconds: number) =>
  Math.max(1, Math.round((minuteStart + 60 - atSeconds) / 60));

function rateOf(minutes: readonly RedMinute[]): number {
  const calls = sum(minutes, (m) => m.calls);
  return calls === 0 ? 0 : sum(minutes, (m) => m.errors) / calls;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** "0.2%", "14%": one decimal below 10 %, none above, as a person reads a dashboard. */
export function percent(fraction: number): string {
  const value = fraction * 100;
  return value < 10 ? `${value.toFixed(1)}%` : `${Math.round(value)}%`;
}

/** "120 ms", "1.4 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
