import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import {
  AllocationQuerySchema,
  AllocationResponseSchema,
  RightsizingQuerySchema,
  RightsizingResponseSchema,
} from './contract.ts';
import type { CostService } from './cost.service.ts';

/** `GET /api/v1/cost/allocation` (OpenCost-compatible) and `GET /api/v1/cost/rightsizing`. */
export function costRoutes(cost: CostService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/cost/allocation',
      summary: 'Cost allocation, OpenCost-compatible',
      description:
        'OpenCost /allocation over remote-written kube-state-metrics and cAdvisor series: per container and hour max(request, usage) × price, PVC storage by request, idle node cost apart or shared, shared namespaces apart or spread; grouped by container, pod, namespace, node, service, team, system or label:<name>, one set per step.',
      tags: ['cost'],
      auth: 'read',
      query: AllocationQuerySchema,
      response: {
        status: 200,
        description: 'One set of allocations per step',
        schema: AllocationResponseSchema,
      },
      handler: ({ query }) => cost.allocation(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cost/rightsizing',
      summary: 'Right-sizing recommendations (VPA recommender method) with monthly savings',
      description:
        'CPU request at p90 of 5-minute usage, memory at p90 of 24-hour peaks, +15% margin, floors 25 millicores and 250 MiB, memory raised after an OOM kill; a warning instead of a cut where usage spikes or OOM kills happened.',
      tags: ['cost'],
      auth: 'read',
      query: RightsizingQuerySchema,
      response: {
        status: 200,
        description: 'Recommendations, largest saving first',
        schema: RightsizingResponseSchema,
      },
      handler: ({ query }) => cost.rightsizing(query),
    }),
  ];
}
