import { type SqlFragment, sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import type { OperationLines, TemplateRow } from './log-signals.store.ts';
import { templateSql } from './log-template.ts';
import { ALL_ROWS, type TraceScope, taintedPairs } from './trace-scope.ts';
import { END_EVENT, SETTLE_SECONDS, type TransitionRow } from './transition-signals.store.ts';
import { IS_ERROR_LOG, inWindows, logsIn } from './window-rows.ts';

/** Log templates and event transitions of one reading, from one pass over the log lines. */
export interface LogFlowSignals {
  templates: TemplateRow[];
  transitions: TransitionRow[];
}

/** Between a flow event's request operation and the event itself, in the query's rows. */
const OPERATION_SEPARATOR = '\u0001';

interface LogFlowRow {
  kind: 'log' | 'flow' | 'request';
  service: string;
  /** The template (kind 'log'), the transition's source event (kind 'flow') or the operation (kind 'request'). */
  a: string;
  /** The transition's target event; for templates the operation of the request that wrote the line ('' when unknown). */
  b: string;
  before: number;
  after: number;
  errors: number;
  example: string;
  firstAfter: string;
  firstSeen: string;
  beforeMinutes: number[];
  beforeCounts: number[];
}

/**
 * Log templates per service (see {@link TemplateRow}) and event transitions per service (see
 * {@link TransitionRow}) in one query. Masking a message into its template is most of the cost of
 * both (a dozen regular expressions over every line), so each line is masked once here and feeds
 * both: its (trace, service) sequence for the transitions, and its template's per-minute count.
 *
 * Templates count every line (lines without a trace id too), split by the operation of the request
 * that wrote each line, beside how many requests of each operation the service served per minute,
 * so a template can be judged per request (see `templateExpectations`). Transitions use the lines and span
 * starts with a trace id, ordered by time inside each (trace, service), plus {@link END_EVENT} after
 * the last, and skip sequences starting in the last {@link SETTLE_SECONDS}. With a `scope`, only the
 * scoped services' rows outside their explained traces are read (see trace-scope.ts); untraced lines
 * stay for the templates.
 *
 * Deterministic on purpose: rows come ordered (templates with equal surprise are then picked in
 * the same order every time) and a template's example is its earliest line, not whichever line a
 * thread met first.
 */
export async function queryLogFlow(
  store: TelemetryStore,
  w: AnalysisWindow,
  scope?: TraceScope,
): Promise<LogFlowSignals> {
  const settled = new Date(w.afterTo.getTime() - SETTLE_SECONDS * 1000);
  const rows = await store.query<LogFlowRow>(sql`WITH
  events AS (
    SELECT * FROM (
      SELECT TraceId, ServiceName AS service, Timestamp AS ts, concat('span ', SpanName) AS event,
        SpanId AS spanId, ParentSpanId AS parentId, 0 AS isLog, '' AS template, toUInt8(0) AS isError, '' AS body
      FROM otel_traces
      WHERE ${inWindows(w)} AND TraceId != '' AND ${scopedServices(scope)}
      UNION ALL
      SELECT TraceId, service, ts, concat('log ', template) AS event, spanId, '' AS parentId, 1 AS isLog, template,
        isError, body FROM (
        SELECT TraceId, ServiceName AS service, Timestamp AS ts, SpanId AS spanId, ${templateSql('Body')} AS template,
          toUInt8(${IS_ERROR_LOG}) AS isError, Body AS body
        FROM otel_logs WHERE ${logsIn(w)} AND ${scopedServices(scope)}
      )
    )
    -- Spans and lines outside the explained traces (untraced lines stay, see trace-scope.ts), with
    -- the explained pairs found once for both: ClickHouse builds an IN subquery's set once per
    -- occurrence, and it groups every trace of the window.
    WHERE ${scope ? sql`(isLog = 1 AND TraceId = '') OR (TraceId, service) NOT IN (${taintedPairs(scope, w)})` : ALL_ROWS}
  ),
  parts AS (
    SELECT TraceId, service, min(ts) AS start,
      groupArrayIf(spanId, isLog = 0) AS ids,
      groupArrayIf(event, isLog = 0) AS names,
      -- Each span's parent among the service's own spans of the trace (0: none, the call came in).
      arrayMap(p -> indexOf(ids, p), groupArrayIf(parentId, isLog = 0)) AS up,
      -- The request each span belongs to: its local root, climbing at most three parents.
      arrayMap(i -> ids[if(up[i] = 0, i, if(up[up[i]] = 0, up[i], if(up[up[up[i]]] = 0, up[up[i]], up[up[up[i]]])))],
        arrayEnumerate(ids)) AS roots,
      groupArray((ts, event, spanId)) AS raw,
      groupArrayIf((ts, template, isError, body, spanId), isLog = 1) AS lines
    FROM events GROUP BY TraceId, service
  ),
  sequences AS (
    SELECT TraceId, service, start, lines,
      -- Events ordered by (request, time); a line whose span is not the service's goes to its only
      -- request, or to a request of its own when the service served several in the trace.
      arraySort(x -> (x.1, x.2), arrayMap(e -> (if(indexOf(ids, e.3) = 0,
        if(length(arrayDistinct(roots)) = 1, roots[1], ''), roots[indexOf(ids, e.3)]), e.1, e.2), raw)) AS keyed,
      -- Each event prefixed with the operation of the request it belongs to (the local root's name).
      arrayMap(x -> concat(if(x.1 = '', '', substring(names[indexOf(ids, x.1)], 6)), '\\x01', x.3), keyed) AS evs,
      arrayMap(x -> x.1, keyed) AS requests,
      -- The operation of the request each log line belongs to (by the same rule), '' when unknown.
      arrayMap(line -> if(indexOf(ids, line.5) = 0, if(length(arrayDistinct(roots)) = 1, roots[1], ''),
        roots[indexOf(ids, line.5)]), lines) AS lineRequests,
      arrayMap(r -> if(r = '', '', substring(names[indexOf(ids, r)], 6)), lineRequests) AS lineOperations,
      -- The operation of every request the service served in the trace.
      arrayMap(r -> substring(names[indexOf(ids, r)], 6), arrayFilter(r -> r != '', arrayDistinct(roots))) AS served
    FROM parts
  ),
  counted AS (
    SELECT service, r.1 AS kind, r.2 AS a, r.3 AS b, r.4 AS isAfter, r.5 AS minute,
      count() AS n, sum(r.6) AS e, argMin(r.7, r.8) AS example, min(r.8) AS first
    FROM sequences ARRAY JOIN arrayConcat(
      -- Consecutive events of one request the service served, dated by the trace part's start;
      -- the last event of each request is followed by the end.
      if(TraceId != '' AND start < ${settled},
        arrayMap(i -> ('flow', evs[i], if(i < length(evs) AND requests[i + 1] = requests[i], evs[i + 1], concat(splitByChar('\\x01', evs[i])[1], '\\x01', ${END_EVENT})),
          start >= ${w.onset}, toUInt32(toUnixTimestamp(toStartOfMinute(start))), toUInt64(0), '', start),
          arrayEnumerate(evs)),
        []),
      -- Every log line, dated by itself, with the operation of its request.
      arrayMap((line, operation) -> ('log', line.2, operation, line.1 >= ${w.onset},
        toUInt32(toUnixTimestamp(toStartOfMinute(line.1))), toUInt64(line.3), line.4, line.1), lines, lineOperations),
      -- Every request the service served in the trace, by operation, dated by the trace part's start.
      if(TraceId != '',
        arrayMap(operation -> ('request', operation, '', start >= ${w.onset},
          toUInt32(toUnixTimestamp(toStartOfMinute(start))), toUInt64(0), '', start), served),
        [])
    ) AS r
    GROUP BY service, kind, a, b, isAfter, minute
  )
SELECT kind, service, a, b,
  toUInt32(sumIf(n, NOT isAfter)) AS before, toUInt32(sumIf(n, isAfter)) AS after,
  toUInt32(sum(e)) AS errors, argMin(example, first) AS example, toString(minIf(first, isAfter)) AS firstAfter,
  toString(min(first)) AS firstSeen,
  groupArrayIf(minute, NOT isAfter) AS beforeMinutes, groupArrayIf(toUInt32(n), NOT isAfter) AS beforeCounts
FROM counted GROUP BY kind, service, a, b
HAVING kind != 'log' OR sumIf(n, isAfter) > 0
ORDER BY kind, service, a, b`);
  const transitions: TransitionRow[] = [];
  const lines: LogFlowRow[] = [];
  const requests = new Map<string, LogFlowRow>();
  for (const row of rows) {
    const { service, before, after, beforeMinutes, beforeCounts } = row;
    if (row.kind === 'flow') {
      const [operation = '', source = ''] = row.a.split(OPERATION_SEPARATOR);
      const target = row.b.split(OPERATION_SEPARATOR)[1] ?? '';
      transitions.push({ service, operation, source, target, before, after, beforeMinutes, beforeCounts });
    } else if (row.kind === 'request') requests.set(requestKey(service, row.a), row);
    else lines.push(row);
  }
  return { templates: mergeOperations(lines, requests), transitions };
}

/** Rows of the scoped services only, when there is a scope (a plain filter, no subquery). */
function scopedServices(scope: TraceScope | undefined): SqlFragment {
  return scope ? sql`ServiceName IN ${scope.services}` : ALL_ROWS;
}

function requestKey(service: string, operation: string): string {
  return `${service}${OPERATION_SEPARATOR}${operation}`;
}

/** One template row per (service, template), its lines kept apart per operation with that operation's requests. */
function mergeOperations(
  lines: readonly LogFlowRow[],
  requests: ReadonlyMap<string, LogFlowRow>,
): TemplateRow[] {
  const merged = new Map<string, TemplateRow & { firstSeen: string; byOperation: OperationLines[] }>();
  for (const row of lines) {
    const key = `${row.service}${OPERATION_SEPARATOR}${row.a}`;
    const served = row.b === '' ? undefined : requests.get(requestKey(row.service, row.b));
    const part: OperationLines = {
      operation: row.b,
      after: row.after,
      beforeMinutes: row.beforeMinutes,
      beforeCounts: row.beforeCounts,
      requests: served
        ? { after: served.after, beforeMinutes: served.beforeMinutes, beforeCounts: served.beforeCounts }
        : undefined,
    };
    const found = merged.get(key);
    if (!found) {
      merged.set(key, {
        service: row.service,
        template: row.a,
        before: row.before,
        after: row.after,
        errors: row.errors,
        example: row.example,
        firstAfter: row.firstAfter,
        firstSeen: row.firstSeen,
        beforeMinutes: [...row.beforeMinutes],
        beforeCounts: [...row.beforeCounts],
        byOperation: [part],
      });
      continue;
    }
    found.before += row.before;
    found.after += row.after;
    found.errors += row.errors;
    if (row.firstSeen < found.firstSeen) {
      found.example = row.example;
      found.firstSeen = row.firstSeen;
    }
    if (row.firstAfter !== '' && (found.firstAfter === '' || row.firstAfter < found.firstAfter))
      found.firstAfter = row.firstAfter;
    found.beforeMinutes.push(...row.beforeMinutes);
    found.beforeCounts.push(...row.beforeCounts);
    found.byOperation.push(part);
  }
  return [...merged.values()].map(({ firstSeen: _, ...row }) => row);
}
