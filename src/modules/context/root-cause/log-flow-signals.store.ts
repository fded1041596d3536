import { type SqlFragment, sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import type { OperationLines, TemplateRow } from './log-signals.store.ts';
import { templateSql } from './log-template.ts';
import { ALL_ROWS, type TraceScope, taintedPairs } from './trace-scope.ts';
import { END_EVENT, SETTLE_SECONDS, type TransitionRow } from './transition-signals.store.ts';
import { IS_ERROR_LOG, inWindows, logsIn, PARENT_KEY, SPAN_KEY, TRACE_KEY } from './window-rows.ts';

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
        ${SPAN_KEY} AS spanId, ${PARENT_KEY} AS parentId, 0 AS isLog, '' AS template, toUInt8(0) AS isError, '' AS body
      FROM otel_traces
      WHERE ${inWindows(w)} AND TraceId != '' AND ${scopedServices(scope)}
      UNION ALL
      SELECT TraceId, service, ts, concat('log ', template) AS event, spanId, toUInt64(0) AS parentId, 1 AS isLog, template,
        isError, body FROM (
        SELECT TraceId, ServiceName AS service, Timestamp AS ts, ${SPAN_KEY} AS spanId, ${templateSql('Body')} AS template,
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
    SELECT ${TRACE_KEY} AS trace, service, min(ts) AS start,
      groupArrayIf(spanId, isLog = 0) AS ids,
      groupArrayIf(ts, isLog = 0) AS spanTimes,
      groupArrayIf(event, isLog = 0) AS spanEvents,
      -- Each span's parent among the service's own spans of the trace (0: none, the call came in).
      arrayMap(p -> indexOf(ids, p), groupArrayIf(parentId, isLog = 0)) AS up,
      -- The request each span belongs to: its local root, climbing at most three parents, named by
      -- the first span holding the root's id (0 for a root without an id, as for no request).
      arrayMap(root -> if(root = 0, 0, indexOf(ids, root)), arrayMap(i -> ids[if(up[i] = 0, i,
        if(up[up[i]] = 0, up[i], if(up[up[up[i]]] = 0, up[up[i]], up[up[up[i]]])))], arrayEnumerate(ids))) AS spanRequests,
      groupArrayIf(ts, isLog = 1) AS lineTimes,
      groupArrayIf(event, isLog = 1) AS lineEvents,
      groupArrayIf(isError, isLog = 1) AS lineErrors,
      groupArrayIf(body, isLog = 1) AS lineBodies,
      groupArrayIf(spanId, isLog = 1) AS lineSpans
    FROM events GROUP BY trace, service
  ),
  sequences AS (
    SELECT trace, service, start, spanTimes, spanEvents, lineTimes, lineEvents, lineErrors, lineBodies,
      arrayMap(e -> substring(e, 6), spanEvents) AS spanNames,
      arrayDistinct(spanRequests) AS distinctRequests,
      if(length(distinctRequests) = 1, distinctRequests[1], 0) AS onlyRequest,
      -- A line whose span is not the service's goes to its only request, or to none (0) when the
      -- service served several in the trace.
      arrayMap(k -> if(k = 0, onlyRequest, spanRequests[k]), arrayMap(s -> indexOf(ids, s), lineSpans)) AS lineRequests,
      -- The operation of the request each event belongs to (its local root's name; '' for none:
      -- index 0 reads the empty default).
      arrayMap(r -> spanNames[r], spanRequests) AS spanOperations,
      arrayMap(r -> spanNames[r], lineRequests) AS lineOperations,
      -- Every request the service served in the trace.
      arrayFilter(r -> r != 0, distinctRequests) AS served,
      -- All events ordered by (request, time), each array sorted by the same key (ties are tied in
      -- request, so the operations agree); neighbours are read from the same array shifted by one.
      -- Two events of one request at the same instant have no defined order, as they had none before.
      arrayConcat(spanRequests, lineRequests) AS eventRequests,
      arrayConcat(spanTimes, lineTimes) AS eventTimes,
      arraySort((r, t) -> (r, t), eventRequests, eventTimes) AS sortedRequests,
      arraySort((e, r, t) -> (r, t), arrayConcat(spanEvents, lineEvents), eventRequests, eventTimes) AS evs,
      arraySort((o, r, t) -> (r, t), arrayConcat(spanOperations, lineOperations), eventRequests, eventTimes) AS evOperations,
      -- The next event of the same request, or the end after the last one.
      arrayMap((following, step) -> if(step = 0, following, ${END_EVENT}), arrayPushBack(arrayPopFront(evs), ''),
        arrayPushBack(arrayPopFront(arrayDifference(arrayMap(r -> toInt64(r), sortedRequests))), 1)) AS targets,
      length(evs) AS nEvents,
      length(lineTimes) AS nLines,
      length(served) AS nServed
    FROM parts
  ),
  -- One row per transition (0, dated by the part's start), log line (1, dated by itself) and request
  -- served (2, dated by the part's start), from parallel arrays of plain types: no tuples to build.
  counted AS (
    SELECT service, kindCode, operation, source, target, dated >= ${w.onset} AS isAfter,
      toUInt32(toUnixTimestamp(toStartOfMinute(dated))) AS minute,
      count() AS n, sum(isError) AS e, argMin(body, dated) AS example, min(dated) AS first
    FROM sequences ARRAY JOIN
      arrayConcat(arrayWithConstant(nEvents, 0), arrayWithConstant(nLines, 1), arrayWithConstant(nServed, 2)) AS kindCode,
      arrayConcat(evOperations, lineOperations, arrayMap(r -> spanNames[r], served)) AS operation,
      arrayConcat(evs, arrayMap(e -> substring(e, 5), lineEvents), arrayWithConstant(nServed, '')) AS source,
      arrayConcat(targets, arrayWithConstant(nLines + nServed, '')) AS target,
      arrayConcat(arrayWithConstant(nEvents, start), lineTimes, arrayWithConstant(nServed, start)) AS dated,
      arrayConcat(arrayWithConstant(nEvents, 0), lineErrors, arrayWithConstant(nServed, 0)) AS isError,
      arrayConcat(arrayWithConstant(nEvents, ''), lineBodies, arrayWithConstant(nServed, '')) AS body
    -- Transitions of traced parts only, and of parts that started early enough to have settled.
    WHERE kindCode != 0 OR (trace != 0 AND start < ${settled})
    GROUP BY service, kindCode, operation, source, target, isAfter, minute
  ),
  -- The rows' keys as the caller reads them: a flow event after its operation, a line's template
  -- with its operation, a request's operation.
  keyedCounts AS (
    SELECT service, ['flow', 'log', 'request'][kindCode + 1] AS kind, n, e, example, first, isAfter, minute,
      multiIf(kindCode = 0, concat(operation, '\\x01', source), kindCode = 1, source, operation) AS a,
      multiIf(kindCode = 0, concat(operation, '\\x01', target), kindCode = 1, operation, '') AS b
    FROM counted
  )
SELECT kind, service, a, b,
  toUInt32(sumIf(n, NOT isAfter)) AS before, toUInt32(sumIf(n, isAfter)) AS after,
  toUInt32(sum(e)) AS errors, argMin(example, first) AS example, toString(minIf(first, isAfter)) AS firstAfter,
  toString(min(first)) AS firstSeen,
  groupArrayIf(minute, NOT isAfter) AS beforeMinutes, groupArrayIf(toUInt32(n), NOT isAfter) AS beforeCounts
FROM keyedCounts GROUP BY kind, service, a, b
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
