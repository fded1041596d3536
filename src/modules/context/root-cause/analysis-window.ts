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
  const { baselineFrom, excluded } = baselineAround(query.excludeFromBaseline ?? [], onset, baseline);
  return { baselineFrom, onset, afterTo, excluded };
}

/**
 * How far back a baseline reaches to collect its minutes around earlier incidents: 2 hours, the
 * look-back for changes too. Further back, daily traffic shape would start to differ.
 */
export const MAX_BASELINE_REACH_MINUTES = 120;

/**
 * An earlier incident's minutes are not normal, however many of the baseline minutes they fill —
 * which is where the per-minute outlier rejection (robust-baseline.ts) stops working: once the same
 * symptom fills most of the baseline, it is what the baseline calls normal. So they are left out,
 * and the baseline reaches back past them until it holds `minutes` of time outside any of them, at
 * most {@link MAX_BASELINE_REACH_MINUTES} before onset. When they leave no time at all within that
 * reach, nothing is left out: the robust statistics over a contaminated baseline are then the best
 * there is.
 */
function baselineAround(
  ranges: readonly TimeRange[],
  onset: Date,
  minutes: number,
): { baselineFrom: Date; excluded: TimeRange[] } {
  const plain = { baselineFrom: new Date(onset.getTime() - minutes * 60_000), excluded: [] };
  const reach = onset.getTime() - Math.max(minutes, MAX_BASELINE_REACH_MINUTES) * 60_000;
  const stretches = mergedWithin(ranges, reach, onset.getTime());
  if (stretches.length === 0) return plain;
  // Walk back from onset through the gaps between stretches until enough time is collected.
  let needed = minutes * 60_000;
  let cursor = onset.getTime();
  let from = reach;
  for (const stretch of [...stretches].reverse()) {
    const gap = cursor - stretch.to;
    if (gap >= needed) {
      from = cursor - needed;
      needed = 0;
      break;
    }
    needed -= gap;
    cursor = stretch.from;
  }
  if (needed > 0) from = Math.max(reach, cursor - needed);
  const excluded = stretches
    .filter((r) => r.to > from)
    .map((r) => ({ from: Math.max(r.from, from), to: r.to }));
  const left = onset.getTime() - from - excluded.reduce((sum, r) => sum + (r.to - r.from), 0);
  if (left <= 0) return plain;
  return {
    baselineFrom: new Date(from),
    excluded: excluded.map((r) => ({ from: new Date(r.from), to: new Date(r.to) })),
  };
}

/** The ranges clipped to [from, to), sorted and merged; invalid dates name their index. */
function mergedWithin(
  ranges: readonly TimeRange[],
  from: number,
  to: number,
): { from: number; to: number }[] {
  const clipped = ranges
    .map((r, i) => ({
      from: Math.max(validDate(r.from, `excludeFromBaseline[${i}].from`).getTime(), from),
      to: Math.min(validDate(r.to, `excludeFromBaseline[${i}].to`).getTime(), to),
    }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
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
