/**
 * The server's response shapes, imported as types from the modules' `contract.ts` (zod's
 * `z.infer` types), so the UI and the API cannot drift apart. Type-only: nothing reaches the bundle.
 */

export type { NoiseReport, RuleNoise } from '../../../src/modules/alerts/noise-contract.ts';
export type { Finding, ServiceDetail, ServiceSummary, Team } from '../../../src/modules/catalog/contract.ts';
export type { Change, ChangeKind } from '../../../src/modules/changes/contract.ts';
export type {
  Incident,
  IncidentAlert,
  IncidentSummary,
  TimelineEntry,
} from '../../../src/modules/incidents/contract.ts';
export type {
  GraphEdge,
  GraphNode,
  LogList,
  LogRecord,
  RedPoint,
  RedSeries,
  ServiceGraph,
  Span,
  Trace,
  TraceSummary,
} from '../../../src/modules/telemetry/contract.ts';
