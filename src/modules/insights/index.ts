export { ADOPTION_KINDS, computeInsights } from './compute-insights.ts';
export { type Insights, type InsightsQuery, InsightsQuerySchema, InsightsSchema } from './contract.ts';
export { insightsRoutes } from './insights.routes.ts';
export { createInsightsService, type InsightsService } from './insights.service.ts';
export {
  ATTAINMENT_TARGET_PERCENT,
  createServiceAvailabilityReader,
  type ServiceAvailability,
  sloAttainmentByTier,
} from './slo-attainment.ts';
