import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { CapacityService } from './capacity.service.ts';
import {
  CapacityQuerySchema,
  CapacityResponseSchema,
  ForecastRequestSchema,
  ForecastResponseSchema,
  type MetricForecastQuery,
  MetricForecastQuerySchema,
  type MetricForecastResponse,
  MetricForecastResponseSchema,
} from './contract.ts';
import { forecastSeries } from './forecast.ts';

/**
 * `POST /api/v1/forecast`: stateless, so it changes nothing and is not audited (compose registers it
 * apart from the audited routes).
 */
export function forecastRoutes(): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/forecast',
      summary: 'Forecast any series, with a 95% band',
      description:
        'Stateless: points [[unixSeconds, value], …] and a horizon give [[unixSeconds, mean, lower, upper], …]. Daily and weekly seasonality are detected unless given; see docs/cost.md for the methods and their measured accuracy.',
      tags: ['capacity'],
      auth: 'read',
      body: ForecastRequestSchema,
      response: { status: 200, description: 'The forecast', schema: ForecastResponseSchema },
      handler: ({ body }) =>
        forecastSeries({
          points: body.points,
          horizonSeconds: body.horizonSeconds,
          seasonalitySeconds: body.seasonality,
          method: body.method,
        }),
    }),
  ];
}

/** `GET /api/v1/capacity`: disks, cluster CPU/memory and namespace quotas with forecasts and days until exhausted. */
export function capacityRoutes(
  capacity: CapacityService,
  forecastMetric: (query: MetricForecastQuery) => Promise<MetricForecastResponse>,
): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/capacity',
      summary:
        'Capacity forecasts: node and PVC disks, cluster CPU and memory against allocatable, namespace quotas (used against hard)',
      tags: ['capacity'],
      auth: 'read',
      query: CapacityQuerySchema,
      response: {
        status: 200,
        description: 'Resources, soonest exhausted first',
        schema: CapacityResponseSchema,
      },
      handler: ({ query }) => capacity.resources(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/capacity/metric',
      summary: 'Forecast any metric a person picks, by selector, with when it reaches a limit',
      description:
        'A selector (name{label="value", …}, equality matchers) over remote-written or OTLP metrics, bucketed by avg, max, sum or rate; each matching series (up to 10, largest first) forecast with a 95% band and, given a limit, when the forecast reaches it.',
      tags: ['capacity'],
      auth: 'read',
      query: MetricForecastQuerySchema,
      response: {
        status: 200,
        description: 'One forecast per matching series',
        schema: MetricForecastResponseSchema,
      },
      handler: ({ query }) => forecastMetric(query),
    }),
  ];
}
