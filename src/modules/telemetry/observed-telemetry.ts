import { ident, inInstantRange, sql, type TelemetryStore } from '../../stores/telemetry/index.ts';
import type { ObservedTelemetry } from '../catalog/index.ts';
import { USER_NODE } from './otel-vocabulary.ts';
import { createServiceGraphStore } from './service-graph.store.ts';
import type { TimeRange } from './time-range.ts';

/**
 * Observed services are every ServiceName with spans, logs or metric points in the range. Observed
 * edges are the service graph's edges minus those from the `user` node (untraced callers are not
 * dependencies); edges to databases and external peers are included, named as in the graph.
 */
export function createObservedTelemetry(deps: { telemetry: TelemetryStore }): ObservedTelemetry {
  const { telemetry } = deps;
  const graph = createServiceGraphStore(telemetry);
  return {
    async listObservedServices(range: TimeRange) {
      const span = (table: string, time: string) =>
        sql`SELECT DISTINCT ServiceName FROM ${ident(table)}
            WHERE ${inInstantRange(time, range)} AND ServiceName != ''`;
      const rows = await telemetry.query<{ ServiceName: string }>(sql`
        SELECT DISTINCT ServiceName FROM (
          ${span('otel_traces', 'Timestamp')}
          UNION ALL ${span('otel_logs', 'Timestamp')}
          UNION ALL ${span('otel_metrics_gauge', 'TimeUnix')}
          UNION ALL ${span('otel_metrics_sum', 'TimeUnix')}
          UNION ALL ${span('otel_metrics_histogram', 'TimeUnix')}
        ) ORDER BY ServiceName`);
      return rows.map((r) => r.ServiceName);
    },
    async listObservedEdges(range: TimeRange) {
      const rows = await graph.graphRows(range);
      return rows
        .filter((r) => r.level === 'edge' && r.source !== USER_NODE)
        .map((r) => ({ source: r.source, target: r.target }));
    },
  };
}
