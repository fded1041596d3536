export {
  ExportLogsResponseSchema,
  ExportMetricsResponseSchema,
  ExportTraceResponseSchema,
} from './contract.ts';
export { createInFlightLimit, type InFlightLimit } from './in-flight-limit.ts';
export { type IngestRoutesDeps, ingestRoutes } from './ingest.routes.ts';
export {
  createIngestService,
  type IngestService,
  type IngestServiceDeps,
  type OtlpIngestResult,
  type OtlpSignal,
  type RemoteWriteResult,
} from './ingest.service.ts';
export { createIngestMetrics, type IngestMetrics } from './ingest-metrics.ts';
export type { AttributeLimits } from './otlp/otlp-model.ts';
