/**
 * The server's response shapes, imported as types from the modules' `contract.ts` (zod's
 * `z.infer` types), so the UI and the API cannot drift apart. Type-only: nothing reaches the bundle.
 */
import type { z } from 'zod';
import type {
  ActionListSchema,
  ActionSummarySchema,
  RunDetailSchema,
} from '../../../src/modules/actions/contract.ts';
import type {
  CapacityResourceSchema,
  CapacityResponseSchema,
  MetricForecastResponseSchema,
} from '../../../src/modules/capacity/contract.ts';
import type { CatalogErrorSchema, SyncResultSchema } from '../../../src/modules/catalog/contract.ts';
import type {
  AllocationResponseSchema,
  AllocationSchema,
  RightsizingResponseSchema,
} from '../../../src/modules/cost/contract.ts';

export type { Alert, AlertStatus } from '../../../src/modules/alerts/contract.ts';
export type { NoiseReport, RuleNoise } from '../../../src/modules/alerts/noise-contract.ts';
export type { CreateSilence, Matcher, Silence } from '../../../src/modules/alerts/silence-contract.ts';
export type { Finding, ServiceDetail, ServiceSummary, Team } from '../../../src/modules/catalog/contract.ts';
export type { Change, ChangeKind } from '../../../src/modules/changes/contract.ts';
export type {
  ConfigObject,
  ConfigSourceStatus,
  ManagedBy,
} from '../../../src/modules/config-sources/contract.ts';
export type { RootCauseService } from '../../../src/modules/context/contract.ts';
export type {
  AffectedService,
  ContextEvidence,
  Fix,
  Impact,
  IncidentContext,
  Rollback,
  Suspect,
} from '../../../src/modules/context/incident-context/contract.ts';
export type { DoraReport } from '../../../src/modules/dora/contract.ts';
export type {
  FeedbackItem,
  FeedbackList,
  NpsReport,
  Rating,
  SubjectKind,
  SurveyPrompt,
} from '../../../src/modules/feedback/contract.ts';
export type {
  Incident,
  IncidentAlert,
  IncidentSummary,
  TimelineEntry,
} from '../../../src/modules/incidents/contract.ts';
export type { Insights } from '../../../src/modules/insights/contract.ts';
export type { PolicyViolation, ScorecardOverview } from '../../../src/modules/policy/contract.ts';
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

/** `GET /api/v1/cost/allocation` (OpenCost shape): one set of allocations per step. */
export type AllocationResponse = z.infer<typeof AllocationResponseSchema>;
export type Allocation = z.infer<typeof AllocationSchema>;
/** `GET /api/v1/cost/rightsizing`. */
export type RightsizingResponse = z.infer<typeof RightsizingResponseSchema>;
export type { Recommendation } from '../../../src/modules/cost/contract.ts';
/** `GET /api/v1/capacity`. */
export type CapacityResponse = z.infer<typeof CapacityResponseSchema>;
export type CapacityResource = z.infer<typeof CapacityResourceSchema>;
/** `GET /api/v1/capacity/metric`: a forecast of any metric, per matching series. */
export type MetricForecastResponse = z.infer<typeof MetricForecastResponseSchema>;

/** One problem of the last catalog sync (`GET /api/v1/catalog/errors`). */
export type CatalogError = z.infer<typeof CatalogErrorSchema>;
/** The answer of `POST /api/v1/catalog/refresh`: how each source went. */
export type SyncResult = z.infer<typeof SyncResultSchema>;

export type {
  ActionDetail,
  Run,
  RunLogLine,
  RunState,
} from '../../../src/modules/actions/contract.ts';
/** `GET /api/v1/actions`: the loaded actions and the definitions left out with their problems. */
export type ActionList = z.infer<typeof ActionListSchema>;
export type ActionSummary = z.infer<typeof ActionSummarySchema>;
/** `GET /api/v1/runs/{id}`: the run with its log so far. */
export type RunDetail = z.infer<typeof RunDetailSchema>;
