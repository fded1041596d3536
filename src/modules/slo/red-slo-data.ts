import { inInstantRange, param, sql, type TelemetryStore } from '../../stores/telemetry/index.ts';
import type { EventCounts, SloDataSource, SloObjective } from './contract.ts';

/**
 * SLO event counts from trace data. Availability reads the per-minute RED table (cairn_red_1m,
 * telemetry migration 0003: Server and Consumer spans, errors = status Error), so a 3-day window
 * reads a few thousand rows. Latency needs "slower than X", which quantile states cannot answer,
 * so it counts Server/Consumer spans in otel_traces.
 */
export function createRedSloDataSource(telemetry: TelemetryStore): SloDataSource {
  return {
    async counts(objective: SloObjective, fromSeconds: number, toSeconds: number): Promise<EventCounts> {
      const fromWhole = Math.max(0, Math.floor(fromSeconds));
      const toWhole = Math.floor(toSeconds);
      if (objective.kind === 'availability') {
        const rows = await telemetry.query<EventCounts>(sql`
          SELECT toUInt32(countMerge(Calls)) AS total, toUInt32(countIfMerge(Errors)) AS bad
          FROM cairn_red_1m
          WHERE ServiceName = ${objective.service}
            AND Minute >= toDateTime(${param(fromWhole, 'UInt32')}) AND Minute < toDateTime(${param(toWhole, 'UInt32')})`);
        return rows[0] ?? { total: 0, bad: 0 };
      }
      const thresholdNs = param(Math.round((objective.thresholdMs ?? 0) * 1e6), 'UInt64');
      const rows = await telemetry.query<EventCounts>(sql`
        SELECT toUInt32(count()) AS total, toUInt32(countIf(Duration > ${thresholdNs})) AS bad
        FROM otel_traces
        WHERE ServiceName = ${objective.service}
          AND SpanKind IN ('Server', 'Consumer')
          AND ${inInstantRange('Timestamp', { from: new Date(fromWhole * 1000), to: new Date(toWhole * 1000) })}`);
      return rows[0] ?? { total: 0, bad: 0 };
    },
  };
}
