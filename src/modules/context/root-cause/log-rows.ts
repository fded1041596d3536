import { type SqlFragment, sql } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';

/** Error log severities: OTLP SeverityNumber ERROR (17) and above, or the text when no number was sent. */
export const IS_ERROR_LOG = sql`(SeverityNumber >= 17 OR upper(SeverityText) IN ('ERROR', 'FATAL', 'CRITICAL', 'ALERT', 'EMERGENCY', 'SEVERE'))`;

/**
 * Log rows in the two windows. otel_logs is ordered by (ServiceName, TimestampTime, …), so the
 * whole-second bounds on TimestampTime (the row's time truncated to the second) let ClickHouse skip
 * granules by key; the exact bounds on Timestamp keep the same rows as before.
 */
export function logsIn(w: AnalysisWindow): SqlFragment {
  return sql`TimestampTime >= toDateTime(${w.baselineFrom}) AND TimestampTime <= toDateTime(${w.afterTo})
    AND Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo}`;
}
