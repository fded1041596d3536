export { type Allocation, computeAllocations, IDLE, type PodOwner, UNALLOCATED } from './allocation.ts';
export {
  AllocationQuerySchema,
  AllocationResponseSchema,
  type Recommendation,
  RightsizingResponseSchema,
} from './contract.ts';
export { costRoutes } from './cost.routes.ts';
export { type CostService, createCostService } from './cost.service.ts';
export {
  type BucketRow,
  createKubeMetricsStore,
  KUBE_METRICS,
  type KubeMetricsStore,
} from './kube-metrics.store.ts';
export { recommend, VPA } from './rightsizing.ts';
