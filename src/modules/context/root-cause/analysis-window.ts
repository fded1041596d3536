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
}

/**
 * 30 minutes of baseline: long enough for per-minute metrics to give a mean and a spread (30
 * points), short enough that daily traffic shape barely moves within it. Counts are compared as
 * shares of all telemetry in the window, so gaps or traffic swings inside it do not fake a spike.
 */
export const DEFAULT_BASELINE_MINUTES = 30;
/** 10 minutes after onset: a fast-burn SLO alert pages within that, and the context is computed then. */
export const DEFAULT_AFTER_MINUTES = 10;

/** The two windows compared: [baselineFrom, onset) and [onset, afterTo). */
export interface AnalysisWindow {
  readonly baselineFrom: Date;
  readonly onset: Date;
  readonly afterTo: Date;
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
  return { baselineFrom: new Date(onset.getTime() - baseline * 60_000), onset, afterTo };
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
