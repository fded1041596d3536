import { InputError } from '../../../kernel/errors.ts';

/** What a root-cause ranking is asked about. */
export interface RootCauseQuery {
  /** When the symptom started (the incident onset). */
  readonly onset: Date;
  /** Services showing the symptom (e.g. the alerting entry point); candidates are these and their callees. Empty or absent: every service. */
  readonly services?: readonly string[];
  /** Length of the baseline window that ends at onset. Default {@link DEFAULT_BASELINE_MINUTES}. */
  readonly baselineMinutes?: number;
  /** Longest window after onset that is examined. Default {@link DEFAULT_AFTER_MINUTES}. */
  readonly afterMinutes?: number;
  /** When the context is computed; data after it is not looked at. Default: now. */
  readonly at?: Date;
  /**
   * Stretches that are not normal whatever they hold — when earlier incidents on the same services
   * were open — and are left out of the baseline (see {@link toAnalysisWindow}).
   */
  readonly excludeFromBaseline?: readonly TimeRange[];
}

/** A half-open stretch of time [from, to). */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * 30 minutes of baseline: long enough for per-minute metrics to give a mean and a spread (30
 * points), short enough that daily traffic shape barely moves within it. Counts are compared as
 * shares of all telemetry in the window, so gaps or traffic swings inside it do not fake a spike.
 */
export const DEFAULT_BASELINE_MINUTES = 30;
/** 10 minutes after onset: a fast-burn SLO alert pages within that, and the context is computed then. */
export const DEFAULT_AFTER_MINUTES = 10;

/**
 * The two windows compared: [baselineFrom, onset) minus `excluded`, and [onset, afterTo).
 * `excluded` is sorted, disjoint and inside the baseline.
 */
export interface AnalysisWindow {
  readonly baselineFrom: Date;
  readonly onset: Date;
  readonly afterTo: Date;
  readonly excluded: readonly TimeRange[];
}

/** Validates the query's times and derives the windows; bad values name their field. */
export function toAnalysisWindow(query: RootCauseQuery, now: Date): AnalysisWindow {
  const onset = validDate(query.onset, 'onset');
  const baseline = positiveMinutes(query.baselineMinutes ?? DEFAULT_BASELINE_MINUTES, 'baselineMinutes');
  const after = positiveMinutes(query.afterMinutes ?? DEFAULT_AFTER_MINUTES, 'afterMinutes');
  const at = validDate(query.at ?? now, 'at');
  if (at.getTime() <= onset.getTime()) {
    throw new InputError(`at (${at.toISOString()}) must be after onset (${onset.toISOString()})`, 'at');
  }
  const afterTo = new Date(Math.min(at.getTime(), onset.getTime() + after * 60_000));
  const baselineFrom = new Date(onset.getTime() - baseline * 60_000);
  const excluded = excludedStretches(query.excludeFromBaseline ?? [], baselineFrom, onset);
  return { baselineFrom, onset, afterTo, excluded };
}

/**
 * An earlier incident's minutes are not normal, however many of the baseline minutes they fill —
 * which is where the per-minute outlier rejection (robust-baseline.ts) stops working: once the same
 * symptom fills most of the baseline, it is what the baseline calls normal. So the stretches are
 * left out, clipped to the baseline and merged. When they cover all of it, nothing is left out:
 * a baseline holding an earlier incident is a poorer comparison than none at all only if nothing
 * else exists, and then the robust statistics are the best left.
 */
function excludedStretches(ranges: readonly TimeRange[], from: Date, to: Date): TimeRange[] {
  const clipped = ranges
    .map((r, i) => ({
      from: Math.max(validDate(r.from, `excludeFromBaseline[${i}].from`).getTime(), from.getTime()),
      to: Math.min(validDate(r.to, `excludeFromBaseline[${i}].to`).getTime(), to.getTime()),
    }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  const covered = merged.reduce((sum, r) => sum + (r.to - r.from), 0);
  if (covered >= to.getTime() - from.getTime()) return [];
  return merged.map((r) => ({ from: new Date(r.from), to: new Date(r.to) }));
}

function validDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InputError(`${field} must be a valid date, got ${String(value)}`, field);
  }
  return value;
}

function positiveMinutes(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0 || value > 24 * 60) {
    throw new InputError(`${field} must be between 0 and 1440 minutes, got ${value}`, field);
  }
  return value;
}
