import { ident, param, type SqlFragment, sql, type TypedParam } from './sql.ts';

/**
 * Exact time bounds for the DateTime64(9) columns of the telemetry tables (`Timestamp` of otel_traces
 * and otel_logs, `TimeUnix` of the otel_metrics_* tables).
 *
 * Compare a DateTime64 column only with a DateTime64 value, never with a DateTime one
 * (`toDateTime(…)`, `toStartOfMinute(…)`, a `DateTime` parameter). ClickHouse evaluates such a
 * comparison correctly row by row, but its part pruning by the partition min-max index rounds the
 * bound as if the column held whole seconds: `Timestamp < toDateTime(S + 1)` is analysed as
 * `Timestamp <= S`, so a part whose spans all start at S.982 is skipped although every one of them
 * matches. A trace fetched by id then came back empty. DateTime (whole-second) columns such as
 * `TimestampTime` and `Minute` are exact with either kind of bound.
 */
const INSTANT_TYPE = "DateTime64(9, 'UTC')";

/** An instant as a DateTime64(9) parameter: the exact bound for a DateTime64 column. */
export function instant(at: Date): TypedParam {
  return param(at, INSTANT_TYPE);
}

/** Epoch seconds as a DateTime64(9) parameter; see {@link instant}. */
export function instantOfSeconds(epochSeconds: number): TypedParam {
  if (!Number.isFinite(epochSeconds))
    throw new Error(`time bound: ${epochSeconds} is not a number of seconds`);
  return instant(new Date(epochSeconds * 1000));
}

/** A closed-open window `[from, to)`. */
export interface InstantRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * `column >= from AND column < to` for a DateTime64 `column` (a constant column name written in
 * the caller), with exact bounds: a row at `from` is in, a row at `to` is out.
 */
export function inInstantRange(column: string, range: InstantRange): SqlFragment {
  const at = ident(column);
  return sql`${at} >= ${instant(range.from)} AND ${at} < ${instant(range.to)}`;
}
