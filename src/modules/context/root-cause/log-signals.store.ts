import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { templateSql } from './log-template.ts';
import { IS_ERROR_LOG } from './span-signals.store.ts';

/** One log template of one service that occurred after onset, with its baseline count. */
export interface TemplateRow {
  service: string;
  template: string;
  before: number;
  after: number;
  /** Lines of this template with error severity (both windows). */
  errors: number;
  example: string;
  /** First occurrence after onset (UTC text). */
  firstAfter: string;
}

/** All log lines in each window, to turn counts into shares. */
export interface LogTotals {
  before: number;
  after: number;
}

/**
 * Template counts per service before and after onset, for templates seen after onset. Grouping
 * happens in ClickHouse on the masked message, so only one row per template leaves the store.
 */
export async function queryTemplates(store: TelemetryStore, w: AnalysisWindow): Promise<TemplateRow[]> {
  return store.query<TemplateRow>(sql`SELECT ServiceName AS service, template,
  toUInt32(countIf(NOT isAfter)) AS before, toUInt32(countIf(isAfter)) AS after,
  toUInt32(countIf(isError)) AS errors, any(Body) AS example,
  toString(minIf(Timestamp, isAfter)) AS firstAfter
FROM (
  SELECT ServiceName, ${templateSql('Body')} AS template, Timestamp >= ${w.onset} AS isAfter,
    ${IS_ERROR_LOG} AS isError, Body, Timestamp
  FROM otel_logs
  WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo}
)
GROUP BY service, template
HAVING countIf(isAfter) > 0`);
}

/** Log lines of all services in each window. */
export async function queryLogTotals(store: TelemetryStore, w: AnalysisWindow): Promise<LogTotals> {
  const [row] = await store.query<LogTotals>(sql`SELECT
  toUInt32(countIf(Timestamp < ${w.onset})) AS before, toUInt32(countIf(Timestamp >= ${w.onset})) AS after
FROM otel_logs WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo}`);
  return row ?? { before: 0, after: 0 };
}
