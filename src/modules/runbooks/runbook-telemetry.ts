import type { LogSearchQuery, MetricQuery, TelemetryQueryService } from '../telemetry/index.ts';
import type { RunbookTelemetry } from './check-queries.ts';

/** The telemetry module's queries in the shape the checks ask them. */
export function runbookTelemetry(
  queries: Pick<TelemetryQueryService, 'red' | 'searchLogs' | 'queryMetric' | 'serviceGraph'>,
): RunbookTelemetry {
  return {
    red: (service, range) => queries.red(service, range),
    serviceGraph: (range) => queries.serviceGraph(range),
    // The query schemas type their catch-all keys as strings; from/to are their declared Date fields.
    searchLogs: (input) => queries.searchLogs(input as unknown as LogSearchQuery),
    queryMetric: ({ labels, ...rest }) =>
      queries.queryMetric({ ...labels, ...rest } as unknown as MetricQuery),
  };
}
