import { z } from 'zod';

export const MAX_FORECAST_POINTS = 50_000;

export const ForecastRequestSchema = z.object({
  points: z
    .array(z.tuple([z.number().finite().nonnegative(), z.number().finite()]))
    .min(3)
    .max(MAX_FORECAST_POINTS)
    .describe('[unixSeconds, value] pairs; gaps and irregular spacing are put on a regular grid'),
  horizonSeconds: z
    .number()
    .int()
    .positive()
    .max(366 * 86_400)
    .describe('How far past the last point to forecast'),
  seasonality: z
    .array(z.number().int().min(2))
    .max(4)
    .optional()
    .describe(
      'Seasonal periods in seconds (86400 daily, 604800 weekly); [] for none; unset detects daily and weekly',
    ),
  method: z
    .enum(['auto', 'mstl_ensemble', 'mstl', 'seasonal_naive', 'linear'])
    .optional()
    .describe('auto (default): linear without seasonality, else the mean of MSTL and seasonal naive'),
});
export type ForecastRequest = z.infer<typeof ForecastRequestSchema>;

export const ForecastResponseSchema = z.object({
  points: z
    .array(z.tuple([z.number(), z.number(), z.number(), z.number()]))
    .describe('[unixSeconds, mean, lower, upper]; the band is a 95% prediction interval'),
  method: z.enum(['mstl_ensemble', 'mstl', 'seasonal_naive', 'linear']),
  stepSeconds: z.number().describe('Spacing of the forecast points'),
  seasonalitySeconds: z.array(z.number()).describe('Seasonal periods used'),
});

export const CapacityQuerySchema = z.object({
  historyDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(35)
    .optional()
    .describe('Days of history (default capacity.historyDays)'),
  horizonDays: z.coerce.number().int().min(1).max(365).default(30).describe('How far to forecast'),
});
export type CapacityQuery = z.output<typeof CapacityQuerySchema>;

export const CapacityResourceSchema = z.object({
  id: z
    .string()
    .describe('Stable id, e.g. disk:node-a:/var/lib, cluster:cpu or quota:shop/compute/requests.cpu'),
  kind: z.enum(['node_disk', 'pvc_disk', 'cluster_cpu', 'cluster_memory', 'namespace_quota']),
  name: z.string(),
  unit: z.enum(['bytes', 'cores', 'count']),
  labels: z
    .record(z.string(), z.string())
    .describe(
      'What the resource is: node and mountpoint, namespace and PVC, or namespace, quota and resource',
    ),
  limit: z.number().describe("What runs out: filesystem size, allocatable, or the quota's hard limit"),
  current: z.number().describe('Latest used amount'),
  history: z.array(z.tuple([z.number(), z.number()])).describe('[unixSeconds, used], hourly'),
  forecast: ForecastResponseSchema,
  exhaustedAt: z
    .string()
    .nullable()
    .describe('When the forecast mean reaches the limit, if within the horizon'),
  daysUntilExhausted: z.number().nullable(),
});
export type CapacityResource = z.infer<typeof CapacityResourceSchema>;

export const CapacityResponseSchema = z.object({
  resources: z.array(CapacityResourceSchema),
  alertWithinDays: z.number(),
});

export const MetricForecastQuerySchema = z.object({
  selector: z
    .string()
    .min(1)
    .max(2048)
    .describe(
      'A metric and equality matchers, as PromQL: node_memory_MemAvailable_bytes{instance="node-a:9100"} or {__name__="…"}; service.name matches the OTLP service',
    ),
  agg: z
    .enum(['avg', 'max', 'sum', 'rate'])
    .default('avg')
    .describe('Per bucket and series: avg, max or sum of the samples, or rate (per second) of a counter'),
  limit: z.coerce
    .number()
    .finite()
    .optional()
    .describe('A value to reach: from below for a series under it, from above for one over it'),
  historyDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(35)
    .optional()
    .describe('Days of history (default capacity.historyDays)'),
  horizonDays: z.coerce.number().int().min(1).max(365).default(30).describe('How far to forecast'),
  stepMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(60)
    .describe('Bucket of the history; at most 10,000 buckets over the history'),
});
export type MetricForecastQuery = z.output<typeof MetricForecastQuerySchema>;

export const MetricForecastSeriesSchema = z.object({
  labels: z.record(z.string(), z.string()).describe('The series: its attributes and service.name'),
  current: z.number().describe('The latest bucket'),
  history: z.array(z.tuple([z.number(), z.number()])).describe('[unixSeconds, value] per bucket with data'),
  forecast: ForecastResponseSchema,
  reachesLimitAt: z
    .string()
    .nullable()
    .describe('When the forecast mean reaches the limit, if one is given and within the horizon'),
  daysUntilLimit: z.number().nullable(),
});

export const MetricForecastResponseSchema = z.object({
  name: z.string(),
  agg: z.enum(['avg', 'max', 'sum', 'rate']),
  limit: z.number().nullable(),
  stepSeconds: z.number(),
  matchedSeries: z.number().int().describe('Series with at least 3 buckets of data; at most 10 are forecast'),
  series: z.array(MetricForecastSeriesSchema).describe('Largest current value first'),
});
export type MetricForecastResponse = z.infer<typeof MetricForecastResponseSchema>;
