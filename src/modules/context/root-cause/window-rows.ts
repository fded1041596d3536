import { raw, type SqlFragment, sql } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';

/** Error log severities: OTLP SeverityNumber ERROR (17) and above, or the text when no number was sent. */
export const IS_ERROR_LOG = sql`(SeverityNumber >= 17 OR upper(SeverityText) IN ('ERROR', 'FATAL', 'CRITICAL', 'ALERT', 'EMERGENCY', 'SEVERE'))`;

/**
 * Rows of either window: `column` (a DateTime64 column) in [baselineFrom, afterTo), outside the
 * stretches left out of the baseline (earlier incidents, see analysis-window.ts). `column` is a
 * column name written in this module's callers, never input.
 */
export function inWindows(w: AnalysisWindow, column = 'Timestamp'): SqlFragment {
  const at = raw(column);
  const bounds = sql`${at} >= ${w.baselineFrom} AND ${at} < ${w.afterTo}`;
  if (w.excluded.length === 0) return bounds;
  // Few stretches (one per earlier incident): an OR of ranges, which ClickHouse's index analysis
  // reads as well as the plain bounds.
  const left = w.excluded.map((r) => sql`(${at} >= ${r.from} AND ${at} < ${r.to})`);
  return sql`${bounds} AND NOT (${left.reduce((all, range) => sql`${all} OR ${range}`)})`;
}

/**
 * Log rows in the two windows. otel_logs is ordered by (ServiceName, TimestampTime, …), so the
 * whole-second bounds on TimestampTime (the row's time truncated to the second) let ClickHouse skip
 * granules by key; the exact bounds on Timestamp keep the same rows as before.
 */
export function logsIn(w: AnalysisWindow): SqlFragment {
  return sql`TimestampTime >= toDateTime(${w.baselineFrom}) AND TimestampTime <= toDateTime(${w.afterTo})
    AND ${inWindows(w)}`;
}

/**
 * Trace and span ids as numbers, for joins and groupings on them: a 128-bit hash of the trace id
 * and 64-bit hashes of span ids, with 0 for an empty id. Hashing and comparing fixed-size numbers
 * costs about half what the 32- and 16-character strings cost (bench:context's 500,000 spans: the
 * call-edge join took 194 ms of CPU against 344 ms). Hashes rather than the ids' own bytes, so ids
 * that are not hex (rows written by something other than Cairn's ingest) work too. A span-id
 * collision matters only inside one trace: for a trace of 10,000 spans, about one chance in 10^11.
 */
export const TRACE_KEY = sql`if(TraceId = '', toUInt128(0), reinterpretAsUInt128(sipHash128(TraceId)))`;
export const SPAN_KEY = sql`if(SpanId = '', toUInt64(0), cityHash64(SpanId))`;
export const PARENT_KEY = sql`if(ParentSpanId = '', toUInt64(0), cityHash64(ParentSpanId))`;
