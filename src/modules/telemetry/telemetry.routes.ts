import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import {
  LogListSchema,
  LogSearchQuerySchema,
  MetricNameListSchema,
  MetricNamesQuerySchema,
  MetricQueryResultSchema,
  MetricQuerySchema,
  RedQuerySchema,
  RedSeriesSchema,
  ServiceGraphQuerySchema,
  ServiceGraphSchema,
  ServiceParamsSchema,
  TraceParamsSchema,
  TraceSchema,
  TraceSearchQuerySchema,
  TraceSummaryListSchema,
} from './contract.ts';
import type { TelemetryQueryService } from './telemetry-query.service.ts';

const tags = ['telemetry'];

/** The telemetry query API: service graph, RED, traces, logs and metrics (read scope). */
export function telemetryRoutes(queries: TelemetryQueryService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/service-graph',
      summary: 'Services, databases and external peers with the calls between them, from traces',
      tags,
      auth: 'read',
      query: ServiceGraphQuerySchema,
      response: {
        status: 200,
        description: 'Nodes and edges with call statistics',
        schema: ServiceGraphSchema,
      },
      handler: ({ query }) => queries.serviceGraph(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:name/red',
      summary: "Rate, errors and duration of a service's own requests over time",
      tags,
      auth: 'read',
      params: ServiceParamsSchema,
      query: RedQuerySchema,
      response: { status: 200, description: 'One point per step', schema: RedSeriesSchema },
      handler: ({ params, query }) => queries.red(params.name, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/traces/:traceId',
      summary: 'A trace: all its spans and the logs that carry its trace id',
      tags,
      auth: 'read',
      params: TraceParamsSchema,
      response: { status: 200, description: 'Spans by start time, then logs', schema: TraceSchema },
      handler: ({ params }) => queries.trace(params.traceId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/traces',
      summary: 'Find traces with a span matching service, operation, status and minimum duration',
      tags,
      auth: 'read',
      query: TraceSearchQuerySchema,
      response: { status: 200, description: 'Trace summaries, newest first', schema: TraceSummaryListSchema },
      handler: async ({ query }) => ({ items: await queries.searchTraces(query) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/logs',
      summary: 'Search logs by service, severity, words, trace id and attr.<key>=<value>',
      description: 'Newest first; pass `nextCursor` back as `cursor` for the next page.',
      tags,
      auth: 'read',
      query: LogSearchQuerySchema,
      response: { status: 200, description: 'A page of logs', schema: LogListSchema },
      handler: ({ query }) => queries.searchLogs(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/metrics/query',
      summary: 'One metric over time, per label set; other query keys match labels (<label>=<value>)',
      tags,
      auth: 'read',
      query: MetricQuerySchema,
      response: {
        status: 200,
        description: 'Series with one point per step',
        schema: MetricQueryResultSchema,
      },
      handler: ({ query }) => queries.queryMetric(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/metrics/names',
      summary: 'Metric names seen in the range, with their type, unit and description',
      tags,
      auth: 'read',
      query: MetricNamesQuerySchema,
      response: { status: 200, description: 'Metric names', schema: MetricNameListSchema },
      handler: async ({ query }) => ({ items: await queries.metricNames(query) }),
    }),
  ];
}
