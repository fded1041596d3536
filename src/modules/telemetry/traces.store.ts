import {
  inInstantRange,
  instantOfSeconds,
  param,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';
import type { LogRecord, Span, TraceSummary } from './contract.ts';
import { STATUS_CODE } from './otel-vocabulary.ts';
import { chTimeToIso, nsToMs } from './time-format.ts';
import type { TimeRange } from './time-range.ts';

/** Where a set of traces lies in time, from otel_traces_trace_id_ts; epoch seconds. */
export interface TraceWindow {
  start: number;
  end: number;
}

/** Filters for {@link TracesStore.findTraceIds}; a trace matches when one of its spans matches all. */
export interface TraceFilter {
  range: TimeRange;
  service?: string | undefined;
  operation?: string | undefined;
  status?: 'error' | 'ok' | 'unset' | undefined;
  minDurationMs?: number | undefined;
  limit: number;
}

interface SpanRow {
  SpanId: string;
  ParentSpanId: string;
  ServiceName: string;
  SpanName: string;
  SpanKind: string;
  start: string;
  Duration: string;
  StatusCode: string;
  StatusMessage: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  eventTimes: string[];
  'Events.Name': string[];
  'Events.Attributes': Record<string, string>[];
}

interface LogRow {
  ts: string;
  ServiceName: string;
  SeverityText: string;
  SeverityNumber: number;
  Body: string;
  TraceId: string;
  SpanId: string;
  LogAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
}

interface SummaryRow {
  TraceId: string;
  rootService: string;
  rootOperation: string;
  start: string;
  durationNs: string;
  spanCount: number;
  errorCount: number;
}

/** The SQL behind trace lookups and trace search. */
export interface TracesStore {
  /** Where the traces lie, or null when none is known. */
  window(traceIds: readonly string[]): Promise<TraceWindow | null>;
  spans(traceId: string, window: TraceWindow): Promise<Span[]>;
  /** Logs carrying the trace id, within the trace's window widened by a minute each side for clock skew. */
  logs(traceId: string, fromSeconds: number, toSeconds: number): Promise<LogRecord[]>;
  findTraceIds(filter: TraceFilter): Promise<string[]>;
  summaries(traceIds: readonly string[], window: TraceWindow): Promise<TraceSummary[]>;
}

const STATUS_VALUES = { error: STATUS_CODE.error, ok: STATUS_CODE.ok, unset: STATUS_CODE.unset } as const;

/**
 * Bounds a query to a trace window: Start/End are span starts truncated to the second, so every
 * span starts in [Start, End + 1). DateTime64 bounds, as a DateTime bound lets ClickHouse skip the
 * parts holding the spans (see stores/telemetry/time-bounds.ts).
 */
function inWindow(window: TraceWindow): SqlFragment {
  return sql`Timestamp >= ${instantOfSeconds(window.start)} AND Timestamp < ${instantOfSeconds(window.end + 1)}`;
}

/** Creates the trace queries over `telemetry`. */
export function createTracesStore(telemetry: TelemetryStore): TracesStore {
  return {
    async window(traceIds) {
      // The lookup table is sorted by TraceId, so this reads a granule or two; narrowing otel_traces
      // (sorted by service and time) with it first is what makes a trace by id fast (as in Jaeger's
      // ClickHouse plugin).
      const [row] = await telemetry.query<{ n: number; s: number; e: number }>(sql`
        SELECT toUInt32(count()) AS n, toUInt32(min(Start)) AS s, toUInt32(max(End)) AS e
        FROM otel_traces_trace_id_ts WHERE TraceId IN ${traceIds}`);
      return row && row.n > 0 ? { start: row.s, end: row.e } : null;
    },
    async spans(traceId, window) {
      const rows = await telemetry.query<SpanRow>(sql`
        SELECT SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, toString(Timestamp) AS start,
               Duration, StatusCode, StatusMessage, SpanAttributes, ResourceAttributes,
               arrayMap(t -> toString(t), Events.Timestamp) AS eventTimes, Events.Name, Events.Attributes
        FROM otel_traces
        WHERE TraceId = ${traceId} AND ${inWindow(window)}
        ORDER BY Timestamp, SpanId`);
      return rows.map(presentSpan);
    },
    async logs(traceId, fromSeconds, toSeconds) {
      const rows = await telemetry.query<LogRow>(sql`
        SELECT toString(Timestamp) AS ts, ServiceName, SeverityText, SeverityNumber, Body, TraceId, SpanId,
               LogAttributes, ResourceAttributes
        FROM otel_logs
        WHERE TraceId = ${traceId}
          AND TimestampTime >= toDateTime(${param(fromSeconds, 'UInt32')})
          AND TimestampTime <= toDateTime(${param(toSeconds, 'UInt32')})
        ORDER BY Timestamp, SpanId`);
      return rows.map(presentLog);
    },
    async findTraceIds(filter) {
      const conditions: SqlFragment[] = [inInstantRange('Timestamp', filter.range)];
      if (filter.service !== undefined) conditions.push(sql`ServiceName = ${filter.service}`);
      if (filter.operation !== undefined) conditions.push(sql`SpanName = ${filter.operation}`);
      if (filter.status !== undefined) conditions.push(sql`StatusCode = ${STATUS_VALUES[filter.status]}`);
      if (filter.minDurationMs !== undefined) {
        conditions.push(sql`Duration >= ${param(Math.round(filter.minDurationMs * 1e6), 'UInt64')}`);
      }
      const rows = await telemetry.query<{ TraceId: string }>(sql`
        SELECT TraceId FROM otel_traces
        WHERE ${joinAnd(conditions)} AND TraceId != ''
        GROUP BY TraceId
        ORDER BY min(Timestamp) DESC, TraceId
        LIMIT ${param(filter.limit, 'UInt32')}`);
      return rows.map((r) => r.TraceId);
    },
    async summaries(traceIds, window) {
      const isRoot = sql`ParentSpanId = ''`;
      const rows = await telemetry.query<SummaryRow>(sql`
        SELECT TraceId,
               if(countIf(${isRoot}) > 0, argMinIf(ServiceName, Timestamp, ${isRoot}), argMin(ServiceName, Timestamp)) AS rootService,
               if(countIf(${isRoot}) > 0, argMinIf(SpanName, Timestamp, ${isRoot}), argMin(SpanName, Timestamp)) AS rootOperation,
               toString(min(Timestamp)) AS start,
               max(toUnixTimestamp64Nano(Timestamp) + Duration) - min(toUnixTimestamp64Nano(Timestamp)) AS durationNs,
               toUInt32(count()) AS spanCount,
               toUInt32(countIf(StatusCode = ${STATUS_CODE.error})) AS errorCount
        FROM otel_traces
        WHERE TraceId IN ${traceIds} AND ${inWindow(window)}
        GROUP BY TraceId
        ORDER BY min(Timestamp) DESC, TraceId`);
      return rows.map((r) => ({
        traceId: r.TraceId,
        rootService: r.rootService,
        rootOperation: r.rootOperation,
        start: chTimeToIso(r.start),
        durationMs: nsToMs(r.durationNs),
        spanCount: r.spanCount,
        errorCount: r.errorCount,
      }));
    },
  };
}

function joinAnd(conditions: readonly SqlFragment[]): SqlFragment {
  return conditions.reduce((acc, c) => sql`${acc} AND ${c}`);
}

function presentSpan(row: SpanRow): Span {
  return {
    spanId: row.SpanId,
    parentSpanId: row.ParentSpanId,
    service: row.ServiceName,
    name: row.SpanName,
    kind: row.SpanKind,
    startTime: chTimeToIso(row.start),
    durationMs: nsToMs(row.Duration),
    status: row.StatusCode,
    statusMessage: row.StatusMessage,
    attributes: row.SpanAttributes,
    resourceAttributes: row.ResourceAttributes,
    events: row.eventTimes.map((time, i) => ({
      time: chTimeToIso(time),
      name: row['Events.Name'][i] ?? '',
      attributes: row['Events.Attributes'][i] ?? {},
    })),
  };
}

/** A log row as the API shows it. */
export function presentLog(row: LogRow): LogRecord {
  return {
    timestamp: chTimeToIso(row.ts),
    service: row.ServiceName,
    severityText: row.SeverityText,
    severityNumber: row.SeverityNumber,
    body: row.Body,
    traceId: row.TraceId,
    spanId: row.SpanId,
    attributes: row.LogAttributes,
    resourceAttributes: row.ResourceAttributes,
  };
}

export type { LogRow };
