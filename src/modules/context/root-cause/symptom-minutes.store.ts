import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { RPC_KEY, type RpcOperations } from './edge-signals.store.ts';
import type { ErrorMinutes, SpanMinuteRow } from './span-signals.store.ts';
import { IS_ERROR_LOG, inWindows, logsIn } from './window-rows.ts';

/**
 * What the onset estimate reads (onset-estimate.ts), for the symptom services only: their spans per
 * minute, calls to other services left out (as the self-time query counts them), and their erroring
 * spans per minute (error status, or an error log written inside the span, as the error query counts
 * them). The same counts the whole reading yields, from one narrow query: whether the windows move
 * back is known before the whole window is read, so it is read once, not once per onset.
 */
export async function querySymptomMinutes(
  store: TelemetryStore,
  w: AnalysisWindow,
  services: readonly string[],
  rpc: RpcOperations,
): Promise<{ spanMinutes: SpanMinuteRow[]; errorMinutes: ErrorMinutes[] }> {
  const rows = await store.query<{
    service: string;
    minute: number;
    isAfter: number;
    spans: number;
    errors: number;
  }>(sql`
SELECT ServiceName AS service, toUInt32(toUnixTimestamp(toStartOfMinute(Timestamp))) AS minute,
  toUInt8(Timestamp >= ${w.onset}) AS isAfter,
  toUInt32(countIf(NOT has(${rpc.keys}, ${RPC_KEY}))) AS spans,
  toUInt32(countIf(StatusCode = 'Error' OR (TraceId, SpanId) IN (
    SELECT TraceId, SpanId FROM otel_logs WHERE ${logsIn(w)} AND SpanId != '' AND ${IS_ERROR_LOG}))) AS errors
FROM otel_traces
WHERE ${inWindows(w)} AND ServiceName IN ${services}
GROUP BY service, minute, isAfter
ORDER BY service, minute, isAfter`);
  const errorMinutes = new Map<string, ErrorMinutes>();
  for (const row of rows) {
    if (row.errors === 0) continue;
    const entry = errorMinutes.get(row.service) ?? {
      service: row.service,
      errorMinutes: [],
      errorCounts: [],
    };
    entry.errorMinutes.push(row.minute);
    entry.errorCounts.push(row.errors);
    errorMinutes.set(row.service, entry);
  }
  return {
    // Minutes with no span of the service's own are not minutes it served (the self-time query has no row for them).
    spanMinutes: rows
      .filter((row) => row.spans > 0)
      .map(({ service, minute, isAfter, spans }) => ({ service, minute, isAfter, spans })),
    errorMinutes: [...errorMinutes.values()],
  };
}
