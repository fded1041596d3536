import { InputError } from '../../kernel/errors.ts';

/** A closed-open time window `[from, to)`. */
export interface TimeRange {
  from: Date;
  to: Date;
}

const EPOCH_MS = /^\d{1,15}$/;
// RFC 3339: a date, `T` or a space, a time, and a mandatory offset (Z or ±hh:mm).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** The default window when a query gives neither `from` nor `to`. */
export const DEFAULT_RANGE_MS = 60 * 60 * 1000;

/** Parses a `from`/`to` value: RFC 3339 with an offset, or integer epoch milliseconds; null when neither. */
export function parseTimeParam(value: string): Date | null {
  if (EPOCH_MS.test(value)) return new Date(Number(value));
  if (!RFC3339.test(value)) return null;
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Fills in the defaults: `to` is now, `from` is one hour before `to`. Throws an InputError naming
 * `query.to` when the window is empty or inverted.
 */
export function resolveRange(
  input: { from?: Date | undefined; to?: Date | undefined },
  now: Date,
): TimeRange {
  const to = input.to ?? (input.from ? new Date(Math.max(now.getTime(), input.from.getTime())) : now);
  const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (to.getTime() <= from.getTime()) {
    throw new InputError(
      `query.to: must be after query.from (from=${from.toISOString()}, to=${to.toISOString()})`,
      'query.to',
    );
  }
  return { from, to };
}

const STEP = /^(\d{1,7})(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Smallest step: the derived tables are per minute. */
export const MIN_STEP_SECONDS = 60;
/** Most points one series may have, so a tiny step over a long range cannot blow up a response. */
export const MAX_POINTS = 2000;

/** Parses `60s`, `5m`, `1h`, `1d` or bare seconds; null when malformed. */
export function parseStep(value: string): number | null {
  const match = STEP.exec(value);
  if (!match?.[1]) return null;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_SECONDS; // the regex admits only these letters
  return Number(match[1]) * UNIT_SECONDS[unit];
}

/**
 * The step in seconds: the requested one (at least a minute, whole minutes), or one that gives
 * about 60 points over the range, rounded up to whole minutes.
 */
export function chooseStep(range: TimeRange, requested: number | undefined): number {
  const seconds = (range.to.getTime() - range.from.getTime()) / 1000;
  if (requested === undefined) {
    return Math.max(MIN_STEP_SECONDS, Math.ceil(seconds / 60 / 60) * 60);
  }
  if (requested < MIN_STEP_SECONDS || requested % 60 !== 0) {
    throw new InputError(
      `query.step: must be a whole number of minutes, at least 60s (got ${requested}s)`,
      'query.step',
    );
  }
  if (seconds / requested > MAX_POINTS) {
    throw new InputError(
      `query.step: ${requested}s gives more than ${MAX_POINTS} points over this range; use a larger step`,
      'query.step',
    );
  }
  return requested;
}

/** Bucket starts (epoch seconds, aligned to the step) covering the range. */
export function bucketStarts(range: TimeRange, stepSeconds: number): number[] {
  const first = Math.floor(range.from.getTime() / 1000 / stepSeconds) * stepSeconds;
  const end = range.to.getTime() / 1000;
  const starts: number[] = [];
  for (let t = first; t < end; t += stepSeconds) starts.push(t);
  return starts;
}

/** Formats a step for responses: `60s`, `300s`. */
export function formatStep(stepSeconds: number): string {
  return `${stepSeconds}s`;
}
