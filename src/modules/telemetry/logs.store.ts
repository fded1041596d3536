import {
  inInstantRange,
  param,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import type { LogRecord } from './contract.ts';
import type { LogCursor } from './log-search.ts';
import type { TimeRange } from './time-range.ts';
import { type LogRow, presentLog } from './traces.store.ts';

/** A log search, already validated; see log-search.ts for how `words` and `severity` are built. */
export interface LogFilter {
  range: TimeRange;
  service?: string | undefined;
  severity?: { number: number; texts: string[] } | undefined;
  /** Each inner list holds spellings of one word; every word must occur. */
  words?: string[][] | undefined;
  traceId?: string | undefined;
  /** Attribute equality, on log or resource attributes. */
  attributes: ReadonlyArray<[string, string]>;
  cursor?: LogCursor | undefined;
  /** Rows to fetch (page size plus what the cursor skips plus one to detect more). */
  fetch: number;
}

/** A log with its paging key: epoch ns and a hash of its content as tiebreak. */
export interface KeyedLog {
  t: string;
  h: string;
  log: LogRecord;
}

/** The only SQL that searches otel_logs. */
export interface LogsStore {
  search(filter: LogFilter): Promise<KeyedLog[]>;
}

// Rows have no id; the content hash orders rows sharing a timestamp the same way on every page.
// Rows identical in every hashed column share a key too; the cursor's skip count pages through them.
const TIEBREAK = sql`cityHash64(ServiceName, Body, TraceId, SpanId, SeverityText, toString(LogAttributes))`;

/** Creates the log search over `telemetry`. */
export function createLogsStore(telemetry: TelemetryStore): LogsStore {
  return {
    async search(filter) {
      const rows = await telemetry.query<LogRow & { t: string; h: string }>(sql`
        SELECT toString(Timestamp) AS ts, toString(toUnixTimestamp64Nano(Timestamp)) AS t, ${TIEBREAK} AS h,
               ServiceName, SeverityText, SeverityNumber, Body, TraceId, SpanId, LogAttributes, ResourceAttributes
        FROM otel_logs
        WHERE ${conditions(filter)}
        ORDER BY Timestamp DESC, h DESC
        LIMIT ${param(filter.fetch, 'UInt32')}`);
      return rows.map((row) => ({ t: row.t, h: String(row.h), log: presentLog(row) }));
    },
  };
}

function conditions(filter: LogFilter): SqlFragment {
  const { range } = filter;
  const parts: SqlFragment[] = [
    // TimestampTime is in the sort key and partition key; bounding it lets ClickHouse skip parts.
    sql`TimestampTime >= toDateTime(${range.from}) AND TimestampTime <= toDateTime(${range.to})`,
    inInstantRange('Timestamp', range),
  ];
  if (filter.service !== undefined) parts.push(sql`ServiceName = ${filter.service}`);
  if (filter.traceId !== undefined) parts.push(sql`TraceId = ${filter.traceId}`);
  if (filter.severity) {
    parts.push(sql`(SeverityNumber >= ${param(filter.severity.number, 'UInt8')}
      OR (SeverityNumber = 0 AND lower(SeverityText) IN ${filter.severity.texts}))`);
  }
  for (const spellings of filter.words ?? []) {
    const any = spellings.map((s) => sql`hasToken(Body, ${s})`);
    parts.push(sql`(${any.reduce((acc, c) => sql`${acc} OR ${c}`)})`);
  }
  for (const [key, value] of filter.attributes) {
    parts.push(sql`(LogAttributes[${key}] = ${value} OR ResourceAttributes[${key}] = ${value})`);
  }
  if (filter.cursor) {
    const t = param(filter.cursor.t, 'Int64');
    parts.push(sql`Timestamp <= fromUnixTimestamp64Nano(${t}, 'UTC')`);
    parts.push(sql`(toUnixTimestamp64Nano(Timestamp), h) <= (${t}, ${param(filter.cursor.h, 'UInt64')})`);
  }
  return parts.reduce((acc, c) => sql`${acc} AND ${c}`);
}
