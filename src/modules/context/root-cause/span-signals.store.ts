import { type SqlFragment, sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';

/** Own-span (self time) latency of one service before and after onset. */
export interface SelfTimeRow {
  service: string;
  baselineSpans: number;
  afterSpans: number;
  baselineP95Ms: number;
  afterP95Ms: number;
  /** Spans after onset whose operation had enough baseline spans to have a baseline p95. */
  comparable: number;
  /** Of those, spans whose self time exceeded their operation's baseline p95 by more than 1 ms. */
  slower: number;
}

/** Erroring spans of one service, split by whether the error originates there. */
export interface ErrorSpanRow {
  service: string;
  baselineOwn: number;
  afterOwn: number;
  baselinePropagated: number;
  afterPropagated: number;
  exemplars: string[];
  /** First own error after onset (UTC text), or '' when there is none. */
  firstOwnError: string;
}

/** Observed calls from one service to another (parent span → child span across services). */
export interface CallEdgeRow {
  caller: string;
  callee: string;
  calls: number;
}

/**
 * Fewest baseline spans of an operation for its p95 to mean anything: with 20 samples the p95 is the
 * 19th value; with fewer it is the maximum.
 */
const MIN_BASELINE_SPANS = 20;
/** A self-time shift under 1 ms is below what a user or an SLO notices; ignore it as jitter. */
const MIN_SLOWER_NS = 1_000_000;

/** Error log severities: OTLP SeverityNumber ERROR (17) and above, or the text when no number was sent. */
export const IS_ERROR_LOG = sql`(SeverityNumber >= 17 OR upper(SeverityText) IN ('ERROR', 'FATAL', 'CRITICAL', 'ALERT', 'EMERGENCY', 'SEVERE'))`;

function spansIn(w: AnalysisWindow): SqlFragment {
  return sql`SELECT TraceId, SpanId, ParentSpanId, ServiceName, SpanName, Duration, StatusCode, Timestamp,
      Timestamp >= ${w.onset} AS isAfter
    FROM otel_traces
    WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo}`;
}

/**
 * Self time per span (its duration minus its children's, floored at 0), then per service: p95 before
 * and after, and how many spans after onset were slower than their own operation's baseline p95.
 * Comparing each operation with itself keeps a change in the request mix from reading as a slowdown;
 * under no change 5% of spans exceed a p95, so the count is a binomial test against 5%.
 */
export async function querySelfTime(store: TelemetryStore, w: AnalysisWindow): Promise<SelfTimeRow[]> {
  return store.query<SelfTimeRow>(sql`WITH
  spans AS (${spansIn(w)}),
  self AS (
    SELECT s.ServiceName AS service, s.SpanName AS op, s.isAfter AS isAfter,
      greatest(toInt64(s.Duration) - toInt64(c.childDuration), 0) AS selfNs
    FROM spans AS s
    LEFT JOIN (SELECT TraceId, ParentSpanId, sum(Duration) AS childDuration FROM spans GROUP BY TraceId, ParentSpanId) AS c
      ON s.TraceId = c.TraceId AND s.SpanId = c.ParentSpanId
  ),
  base AS (
    SELECT service, op, quantile(0.95)(selfNs) AS p95, count() AS n
    FROM self WHERE NOT isAfter GROUP BY service, op HAVING n >= ${MIN_BASELINE_SPANS}
  )
SELECT self.service AS service,
  toUInt32(countIf(NOT self.isAfter)) AS baselineSpans,
  toUInt32(countIf(self.isAfter)) AS afterSpans,
  toFloat64(quantileIf(0.95)(self.selfNs, NOT self.isAfter)) / 1e6 AS baselineP95Ms,
  toFloat64(quantileIf(0.95)(self.selfNs, self.isAfter)) / 1e6 AS afterP95Ms,
  toUInt32(countIf(self.isAfter AND base.n > 0)) AS comparable,
  toUInt32(countIf(self.isAfter AND base.n > 0 AND self.selfNs > base.p95 + ${MIN_SLOWER_NS})) AS slower
FROM self LEFT JOIN base ON self.service = base.service AND self.op = base.op
GROUP BY service`);
}

/**
 * Erroring spans: error status, or an error-severity log written inside the span (many services log
 * the exception and never set span status). An error is *propagated* when an erroring span of
 * another service runs inside it in the same trace — time containment stands in for descent, so
 * the chain caller-server → caller-client → callee-server is recognised without walking parents.
 */
export async function queryErrorSpans(store: TelemetryStore, w: AnalysisWindow): Promise<ErrorSpanRow[]> {
  return store.query<ErrorSpanRow>(sql`WITH
  errorLogSpans AS (
    SELECT DISTINCT TraceId, SpanId FROM otel_logs
    WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo} AND SpanId != '' AND ${IS_ERROR_LOG}
  ),
  err AS (
    SELECT TraceId, SpanId, ServiceName, Timestamp AS ts, Timestamp >= ${w.onset} AS isAfter,
      toUnixTimestamp64Nano(Timestamp) AS startNs, toUnixTimestamp64Nano(Timestamp) + toInt64(Duration) AS endNs
    FROM otel_traces
    WHERE Timestamp >= ${w.baselineFrom} AND Timestamp < ${w.afterTo}
      AND (StatusCode = 'Error' OR (TraceId, SpanId) IN (SELECT TraceId, SpanId FROM errorLogSpans))
  ),
  classified AS (
    SELECT a.TraceId AS traceId, a.SpanId AS spanId, any(a.ServiceName) AS service, any(a.isAfter) AS isAfter,
      any(a.ts) AS ts,
      max(b.ServiceName != a.ServiceName AND b.startNs >= a.startNs AND b.endNs <= a.endNs) AS propagated
    FROM err AS a INNER JOIN err AS b ON a.TraceId = b.TraceId
    GROUP BY a.TraceId, a.SpanId
  )
SELECT service,
  toUInt32(countIf(NOT isAfter AND NOT propagated)) AS baselineOwn,
  toUInt32(countIf(isAfter AND NOT propagated)) AS afterOwn,
  toUInt32(countIf(NOT isAfter AND propagated)) AS baselinePropagated,
  toUInt32(countIf(isAfter AND propagated)) AS afterPropagated,
  groupUniqArrayIf(3)(traceId, isAfter AND NOT propagated) AS exemplars,
  if(countIf(isAfter AND NOT propagated) > 0, toString(minIf(ts, isAfter AND NOT propagated)), '') AS firstOwnError
FROM classified GROUP BY service`);
}

/** Which service calls which, from parent/child spans in different services, over both windows. */
export async function queryCallEdges(store: TelemetryStore, w: AnalysisWindow): Promise<CallEdgeRow[]> {
  return store.query<CallEdgeRow>(sql`WITH spans AS (${spansIn(w)})
SELECT p.ServiceName AS caller, c.ServiceName AS callee, toUInt32(count()) AS calls
FROM spans AS c INNER JOIN spans AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE p.ServiceName != c.ServiceName
GROUP BY caller, callee`);
}
