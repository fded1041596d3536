import { z } from 'zod';
import { parseStep, parseTimeParam } from './time-range.ts';

/**
 * Request and response schemas of the telemetry query API. The same schemas validate requests,
 * type the handlers and document /api/openapi.json.
 */

const TimeParamSchema = z
  .string()
  .transform((value, ctx) => {
    const date = parseTimeParam(value);
    if (date) return date;
    ctx.addIssue({
      code: 'custom',
      message: `must be RFC 3339 (2026-01-01T00:00:00Z) or epoch ms, got "${value}"`,
    });
    return z.NEVER;
  })
  .describe('RFC 3339 time with offset, or epoch milliseconds');

const StepParamSchema = z
  .string()
  .transform((value, ctx) => {
    const seconds = parseStep(value);
    if (seconds !== null) return seconds;
    ctx.addIssue({ code: 'custom', message: `must look like 60s, 5m or 1h, got "${value}"` });
    return z.NEVER;
  })
  .describe('Bucket width: 60s, 5m, 1h (at least 60s, whole minutes); default from the range');

const RangeQuery = {
  from: TimeParamSchema.optional().describe('Start (inclusive); default one hour before `to`'),
  to: TimeParamSchema.optional().describe('End (exclusive); default now'),
};

const ServiceNameSchema = z.string().min(1).max(256);

const limitSchema = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Most items returned (1-${max})`);

export const TraceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex characters')
  .transform((id) => id.toLowerCase());

// ---- service graph ----------------------------------------------------------------------------

export const ServiceGraphQuerySchema = z.object(RangeQuery).strict();

export const NodeKindSchema = z.enum(['service', 'database', 'external', 'user']);
export type NodeKind = z.infer<typeof NodeKindSchema>;

const LatencyFields = {
  calls: z.number().int().describe('Requests in the range'),
  errors: z.number().int().describe('Requests that failed'),
  p50Ms: z.number().nullable().describe('Median duration in ms; null without calls'),
  p99Ms: z.number().nullable().describe('99th percentile duration in ms; null without calls'),
};

export const GraphNodeSchema = z.object({ name: z.string(), kind: NodeKindSchema, ...LatencyFields });
export type GraphNode = z.infer<typeof GraphNodeSchema>;
export const GraphEdgeSchema = z.object({ source: z.string(), target: z.string(), ...LatencyFields });
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export const ServiceGraphSchema = z.object({
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
});
export type ServiceGraph = z.infer<typeof ServiceGraphSchema>;

// ---- RED --------------------------------------------------------------------------------------

export const ServiceParamsSchema = z.object({ name: ServiceNameSchema });

export const RedQuerySchema = z
  .object({
    ...RangeQuery,
    step: StepParamSchema.optional(),
    operation: z.string().min(1).max(1024).optional().describe('Only this span name'),
  })
  .strict();

export const RedPointSchema = z.object({
  t: z.iso.datetime().describe('Bucket start'),
  rate: z.number().describe('Requests per second'),
  errorRate: z.number().describe('Failed share of requests, 0..1'),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type RedPoint = z.infer<typeof RedPointSchema>;
export const RedSeriesSchema = z.object({
  service: z.string(),
  operation: z.string().nullable(),
  step: z.string(),
  points: z.array(RedPointSchema),
});
export type RedSeries = z.infer<typeof RedSeriesSchema>;

// ---- traces -----------------------------------------------------------------------------------

export const TraceParamsSchema = z.object({ traceId: TraceIdSchema });

const AttributesSchema = z.record(z.string(), z.string());

export const SpanEventSchema = z.object({ time: z.string(), name: z.string(), attributes: AttributesSchema });

export const SpanSchema = z.object({
  spanId: z.string(),
  parentSpanId: z.string(),
  service: z.string(),
  name: z.string(),
  kind: z.string(),
  startTime: z.string().describe('Start as RFC 3339 with nanoseconds, UTC'),
  durationMs: z.number(),
  status: z.string().describe('Ok, Error or Unset'),
  statusMessage: z.string(),
  attributes: AttributesSchema,
  resourceAttributes: AttributesSchema,
  events: z.array(SpanEventSchema),
});
export type Span = z.infer<typeof SpanSchema>;

export const LogRecordSchema = z.object({
  timestamp: z.string().describe('RFC 3339 with nanoseconds, UTC'),
  service: z.string(),
  severityText: z.string(),
  severityNumber: z.number().int(),
  body: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  attributes: AttributesSchema,
  resourceAttributes: AttributesSchema,
});
export type LogRecord = z.infer<typeof LogRecordSchema>;

export const TraceSchema = z.object({
  traceId: z.string(),
  spans: z.array(SpanSchema),
  logs: z.array(LogRecordSchema),
});
export type Trace = z.infer<typeof TraceSchema>;

export const TraceSearchQuerySchema = z
  .object({
    ...RangeQuery,
    service: ServiceNameSchema.optional().describe('A span of this service matches'),
    operation: z.string().min(1).max(1024).optional().describe('A span with this name matches'),
    status: z.enum(['error', 'ok', 'unset']).optional().describe('A matching span has this status'),
    minDurationMs: z.coerce.number().min(0).optional().describe('A matching span lasts at least this long'),
    limit: limitSchema(1000, 20),
  })
  .strict();
export type TraceSearchQuery = z.infer<typeof TraceSearchQuerySchema>;

export const TraceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootOperation: z.string(),
  start: z.string(),
  durationMs: z.number(),
  spanCount: z.number().int(),
  errorCount: z.number().int(),
});
export type TraceSummary = z.infer<typeof TraceSummarySchema>;
export const TraceSummaryListSchema = z.object({ items: z.array(TraceSummarySchema) });

// ---- logs -------------------------------------------------------------------------------------

export const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ATTRIBUTE_PREFIX = 'attr.';

/** Log search; `attr.<key>=<value>` keys (log or resource attributes) are checked in the service. */
export const LogSearchQuerySchema = z
  .object({
    ...RangeQuery,
    service: ServiceNameSchema.optional(),
    severity: z.enum(SEVERITIES).optional().describe('Minimum severity'),
    q: z.string().min(1).max(1024).optional().describe('Words that must all appear in the body'),
    traceId: TraceIdSchema.optional(),
    limit: limitSchema(1000, 100),
    cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
  })
  .catchall(z.string().max(1024));
export type LogSearchQuery = z.infer<typeof LogSearchQuerySchema>;

export const LogListSchema = z.object({ items: z.array(LogRecordSchema), nextCursor: z.string().nullable() });
export type LogList = z.infer<typeof LogListSchema>;

// ---- metrics ----------------------------------------------------------------------------------

export const METRIC_AGGS = ['avg', 'sum', 'max', 'p50', 'p95', 'p99', 'rate'] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

/** Metric query; any other key is a label matcher `<label>=<value>` on the data point attributes. */
export const MetricQuerySchema = z
  .object({
    ...RangeQuery,
    name: z.string().min(1).max(1024).describe('Metric name'),
    service: ServiceNameSchema.optional(),
    agg: z.enum(METRIC_AGGS).default('avg'),
    step: StepParamSchema.optional(),
  })
  .catchall(z.string().max(1024));
export type MetricQuery = z.infer<typeof MetricQuerySchema>;

export const MetricSeriesSchema = z.object({
  labels: AttributesSchema,
  points: z.array(z.object({ t: z.iso.datetime(), v: z.number().nullable() })),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;
export const MetricQueryResultSchema = z.object({
  name: z.string(),
  agg: z.enum(METRIC_AGGS),
  step: z.string(),
  series: z.array(MetricSeriesSchema),
});
export type MetricQueryResult = z.infer<typeof MetricQueryResultSchema>;

export const MetricNamesQuerySchema = z
  .object({ ...RangeQuery, service: ServiceNameSchema.optional() })
  .strict();
export const MetricTypeSchema = z.enum(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary']);
export type MetricType = z.infer<typeof MetricTypeSchema>;
export const MetricNameSchema = z.object({
  name: z.string(),
  type: MetricTypeSchema,
  unit: z.string(),
  description: z.string(),
});
export type MetricName = z.infer<typeof MetricNameSchema>;
export const MetricNameListSchema = z.object({ items: z.array(MetricNameSchema) });
