import type { Clock } from '../../kernel/clock.ts';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { KubeMetricsStore } from '../cost/index.ts';
import { capacityRoutes, forecastRoutes } from './capacity.routes.ts';
import { type CapacityServiceDeps, createCapacityService } from './capacity.service.ts';
import { createMetricForecaster, type MetricSeriesReader } from './metric-forecast.ts';

/** The capacity service, its routes (the stateless forecast apart: it is not audited) and its alert job. */
export function composeCapacity(deps: {
  store: KubeMetricsStore;
  settings: CairnConfig['capacity'];
  alerts: CapacityServiceDeps['alerts'];
  /** The telemetry module's metric reader, for forecasts of any metric. */
  readSeries: MetricSeriesReader;
  clock: Clock;
}) {
  const capacity = createCapacityService(deps);
  const forecastMetric = createMetricForecaster({
    readSeries: deps.readSeries,
    clock: deps.clock,
    historyDays: deps.settings.historyDays,
  });
  return {
    capacity,
    routes: capacityRoutes(capacity, forecastMetric) as RouteDefinition[],
    unauditedRoutes: forecastRoutes(),
    job: {
      name: 'capacity-forecast-alerts',
      intervalMs: deps.settings.evaluationIntervalSeconds * 1000,
      run: async () => {
        await capacity.evaluate();
      },
    },
  };
}
