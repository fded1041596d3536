export { capacityRoutes, forecastRoutes } from './capacity.routes.ts';
export { type CapacityService, createCapacityService, exhaustionSeconds } from './capacity.service.ts';
export { composeCapacity } from './compose-capacity.ts';
export { ForecastRequestSchema, ForecastResponseSchema } from './contract.ts';
export { type ForecastMethod, type ForecastResult, forecastSeries } from './forecast.ts';
export { createMetricForecaster, type MetricSeriesReader, reachesSeconds } from './metric-forecast.ts';
