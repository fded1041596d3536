import { z } from 'zod';

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AGGREGATE_PROPERTIES = [
  'cluster',
  'node',
  'namespace',
  'pod',
  'container',
  'service',
  'team',
  'system',
] as const;

export const AllocationQuerySchema = z.object({
  window: z
    .string()
    .min(1)
    .default('7d')
    .describe(
      '7d, 24h, today, yesterday, week, lastweek, month, lastmonth, or start,end (RFC 3339 or Unix seconds)',
    ),
  aggregate: z
    .string()
    .regex(
      /^((cluster|node|namespace|pod|container|service|team|system|label:[A-Za-z0-9_./-]+)(,|$))*$/,
      'must be a comma-separated list of cluster, node, namespace, pod, container, service, team, system or label:<name>',
    )
    .optional()
    .describe('Properties to group by, comma-separated; unset means per container'),
  step: z
    .string()
    .optional()
    .describe('Cut the window into steps (1h, 1d, 1w); unset means one set for the window'),
  idle: booleanText.optional().describe('Include idle node cost (default true)'),
  shareIdle: booleanText
    .optional()
    .describe('Spread idle cost over the rows instead of an __idle__ row (default cost.shareIdle)'),
  shareNamespaces: z
    .string()
    .optional()
    .describe('Comma-separated namespaces to share (default cost.sharedNamespaces)'),
  shareSplit: z
    .enum(['none', 'weighted', 'even'])
    .optional()
    .describe(
      'How shared namespaces are spread (default cost.shareSplit; a shareNamespaces value implies weighted)',
    ),
  accumulate: booleanText.optional().describe('Sum the steps into one set'),
});
export type AllocationQuery = z.output<typeof AllocationQuerySchema>;

export const AllocationSchema = z
  .object({
    name: z.string(),
    properties: z.record(z.string(), z.unknown()),
    window: z.object({ start: z.string(), end: z.string() }),
    start: z.string(),
    end: z.string(),
    minutes: z.number(),
    cpuCores: z.number(),
    cpuCoreRequestAverage: z.number(),
    cpuCoreUsageAverage: z.number(),
    cpuCoreHours: z.number(),
    cpuCost: z.number(),
    cpuCostAdjustment: z.number(),
    cpuEfficiency: z.number(),
    gpuCount: z.number(),
    gpuHours: z.number(),
    gpuCost: z.number(),
    gpuCostAdjustment: z.number(),
    networkTransferBytes: z.number(),
    networkReceiveBytes: z.number(),
    networkCost: z.number(),
    networkCostAdjustment: z.number(),
    loadBalancerCost: z.number(),
    loadBalancerCostAdjustment: z.number(),
    pvBytes: z.number(),
    pvByteHours: z.number(),
    pvCost: z.number(),
    pvCostAdjustment: z.number(),
    ramBytes: z.number(),
    ramByteRequestAverage: z.number(),
    ramByteUsageAverage: z.number(),
    ramByteHours: z.number(),
    ramCost: z.number(),
    ramCostAdjustment: z.number(),
    ramEfficiency: z.number(),
    sharedCost: z.number(),
    externalCost: z.number(),
    totalCost: z.number(),
    totalEfficiency: z.number(),
  })
  .describe('One allocation, in OpenCost /allocation shape (network and load balancer are not measured: 0)');

export const AllocationResponseSchema = z.object({
  code: z.number().int(),
  data: z.array(z.record(z.string(), AllocationSchema)).describe('One set per step, keyed by aggregate name'),
});

export const RightsizingQuerySchema = z.object({
  namespace: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  historyDays: z.coerce.number().int().min(1).max(35).default(8).describe('Days of usage to read (VPA: 8)'),
});
export type RightsizingQuery = z.output<typeof RightsizingQuerySchema>;

export const RecommendedActionSchema = z.object({
  id: z.string().describe('The action id'),
  service: z.string().describe('The run target'),
  inputs: z
    .record(z.string(), z.unknown())
    .describe(
      'environment (the namespace), container, cpuMillicores, memoryMiB, and cpuLimitMillicores / memoryLimitMiB where limits are set',
    ),
});
export type RecommendedAction = z.infer<typeof RecommendedActionSchema>;

export const RecommendationSchema = z.object({
  namespace: z.string(),
  pod: z
    .string()
    .describe('One pod of the workload (the recommendation is per container name in the workload)'),
  workload: z.string().describe('The service, or the pod name without its replica suffix'),
  container: z.string(),
  service: z.string().nullable(),
  team: z.string().nullable(),
  current: z.object({ cpuCores: z.number(), memoryBytes: z.number() }),
  recommended: z.object({ cpuCores: z.number(), memoryBytes: z.number() }),
  usage: z.object({
    cpuP90Cores: z.number(),
    cpuMaxCores: z.number(),
    memoryPeakBytes: z.number(),
    samples: z.number().int(),
  }),
  limits: z
    .object({
      current: z.object({ cpuCores: z.number().nullable(), memoryBytes: z.number().nullable() }),
      recommended: z.object({ cpuCores: z.number().nullable(), memoryBytes: z.number().nullable() }),
    })
    .describe('Limits, kept in proportion to the requests as the VPA does; null where none is set'),
  oomKilled: z.boolean(),
  warnings: z.array(z.string()),
  action: RecommendedActionSchema.nullable().describe(
    'The action (cost.rightsizingAction) that applies it, prefilled; null when nothing changes, the workload has no service, or the action is not defined',
  ),
  monthlySavingUsd: z
    .number()
    .describe('At the configured prices, 730 hours a month; negative when the request grows'),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const RightsizingResponseSchema = z.object({
  recommendations: z.array(RecommendationSchema),
  totalMonthlySavingUsd: z.number(),
});
