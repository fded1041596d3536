export type {
  GraphEdge,
  GraphNode,
  LogList,
  LogRecord,
  LogSearchQuery,
  MetricName,
  MetricQuery,
  MetricQueryResult,
  RedSeries,
  ServiceGraph,
  Span,
  Trace,
  TraceSummary,
} from './contract.ts';
export { queryMetricSeries } from './metric-query.ts';
export { createMetricsStore } from './metrics.store.ts';
export { createObservedTelemetry } from './observed-telemetry.ts';
export {
  createServiceEdgesMaterializer,
  type MaterializeOutcome,
  type ServiceEdgesJob,
  type ServiceEdgesMaterializer,
} from './service-edges-materializer.ts';
export { telemetryRoutes } from './telemetry.routes.ts';
export {
  createTelemetryQueryService,
  type TelemetryQueryDeps,
  type TelemetryQueryService,
} from './telemetry-query.service.ts';
