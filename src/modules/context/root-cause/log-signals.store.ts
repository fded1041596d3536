import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { queryLogFlow } from './log-flow-signals.store.ts';
import type { TraceScope } from './trace-scope.ts';
import { logsIn } from './window-rows.ts';

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
  /** Baseline minutes (seconds since epoch) with this template, and its count in each, in parallel. */
  beforeMinutes: number[];
  beforeCounts: number[];
  /** The same lines split by the operation of the request that wrote them (absent: not split). */
  byOperation?: OperationLines[];
}

/** The lines of one template written while serving one operation ('' = not within a known request). */
export interface OperationLines {
  operation: string;
  after: number;
  beforeMinutes: number[];
  beforeCounts: number[];
  /** Requests of that operation the service served, per baseline minute and after onset. */
  requests: { after: number; beforeMinutes: number[]; beforeCounts: number[] } | undefined;
}

/** Log lines in each window, to turn counts into shares. */
export interface LogVolume {
  before: number;
  after: number;
  /** Baseline minutes (seconds since epoch) with any log line, and the lines in each, in parallel. */
  beforeMinutes: number[];
  beforeCounts: number[];
}

/** All services' log lines in each window, and each service's own. */
export interface LogTotals {
  before: number;
  after: number;
  byService: ReadonlyMap<string, LogVolume>;
}

/**
 * Template counts per service before and after onset, for templates seen after onset. Grouping
 * happens in ClickHouse on the masked message, so only one row per template leaves the store. With a
 * `scope`, only the scoped services' lines outside their explained traces are read (see trace-scope.ts).
 * The ranking reads these together with the event transitions ({@link queryLogFlow}).
 */
export async function queryTemplates(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
): Promise<TemplateRow[]> {
  return (await queryLogFlow(store, w, scope)).templates;
}

/** Log lines of each service and of all services in each window, and per baseline minute. */
export async function queryLogTotals(store: TelemetryStore, w: AnalysisWindow): Promise<LogTotals> {
  const rows = await store.query<LogVolume & { service: string }>(sql`SELECT service,
  toUInt32(sumIf(n, NOT isAfter)) AS before, toUInt32(sumIf(n, isAfter)) AS after,
  groupArrayIf(minute, NOT isAfter) AS beforeMinutes, groupArrayIf(toUInt32(n), NOT isAfter) AS beforeCounts
FROM (
  SELECT ServiceName AS service, Timestamp >= ${w.onset} AS isAfter,
    toUInt32(toUnixTimestamp(toStartOfMinute(Timestamp))) AS minute, count() AS n
  FROM otel_logs WHERE ${logsIn(w)}
  GROUP BY service, isAfter, minute
)
GROUP BY service ORDER BY service`);
  return {
    before: rows.reduce((sum, r) => sum + r.before, 0),
    after: rows.reduce((sum, r) => sum + r.after, 0),
    byService: new Map(rows.map(({ service, ...volume }) => [service, volume])),
  };
}
