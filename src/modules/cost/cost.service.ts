import type { Clock } from '../../kernel/clock.ts';
import { type Allocation, type AllocationOptions, computeAllocations } from './allocation.ts';
import type { AllocationQuery, Recommendation, RightsizingQuery } from './contract.ts';
import { ALLOCATION_METRICS, buildHourlyFacts, HOUR_SECONDS } from './hourly-facts.ts';
import { KUBE_METRICS, type KubeMetricsStore } from './kube-metrics.store.ts';
import { type CatalogServiceRef, createPodOwnerResolver } from './pod-owner.ts';
import { type CostSettings, nodePrices } from './prices.ts';
import { RIGHTSIZING_METRICS, recommend, USAGE_STEP_SECONDS } from './rightsizing.ts';
import { parseWindow, splitWindow } from './window.ts';

const DAY_SECONDS = 86_400;

export interface CostServiceDeps {
  store: KubeMetricsStore;
  catalog: { listServices(): Promise<readonly CatalogServiceRef[]> };
  settings: CostSettings;
  clock: Clock;
  /** Whether an action of this id is defined: a recommendation links to cost.rightsizingAction only then. */
  actionDefined?: (id: string) => boolean;
}

export interface AllocationResponse {
  code: number;
  data: Record<string, Allocation>[];
}

export function createCostService(deps: CostServiceDeps) {
  const owners = async () =>
    createPodOwnerResolver(await deps.catalog.listServices(), deps.settings.serviceLabel);
  const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000);

  return {
    /** OpenCost's `/allocation`: one set per step of the window, grouped by `aggregate`. */
    async allocation(query: AllocationQuery): Promise<AllocationResponse> {
      const window = parseWindow(query.window, nowSeconds());
      const windows = splitWindow(window, query.step);
      // An hour before the window, so the first hour's CPU rate differences from a sample before it.
      const rows = await deps.store.buckets({
        metrics: ALLOCATION_METRICS,
        fromSeconds: window.start - HOUR_SECONDS,
        toSeconds: window.end,
        stepSeconds: HOUR_SECONDS,
      });
      const shareNamespaces = query.shareNamespaces
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const options: AllocationOptions = {
        aggregate: query.aggregate ? query.aggregate.split(',').filter((a) => a !== '') : [],
        windows,
        includeIdle: query.idle ?? true,
        shareIdle: query.shareIdle ?? deps.settings.shareIdle,
        sharedNamespaces: shareNamespaces ?? deps.settings.sharedNamespaces,
        shareSplit: query.shareSplit ?? (shareNamespaces ? 'weighted' : deps.settings.shareSplit),
        settings: deps.settings,
        ownerOf: await owners(),
      };
      let data = computeAllocations(buildHourlyFacts(rows), options);
      if (query.accumulate && data.length > 1) {
        data = computeAllocations(buildHourlyFacts(rows), { ...options, windows: [window] });
      }
      return { code: 200, data };
    },

    /** VPA-method request recommendations for every workload container with usage in the history. */
    async rightsizing(
      query: RightsizingQuery,
    ): Promise<{ recommendations: Recommendation[]; totalMonthlySavingUsd: number }> {
      const now = nowSeconds();
      // CPU usage in 5-minute rates (VPA's samples); the rest hourly: a daily memory peak is the
      // largest hourly maximum, and requests change rarely.
      const where: Array<[string, string]> = query.namespace ? [['namespace', query.namespace]] : [];
      const fromSeconds = now - query.historyDays * 86_400;
      const unfiltered: readonly string[] = [KUBE_METRICS.cpuUsage, KUBE_METRICS.nodeLabels];
      const [cpu, other, nodes] = await Promise.all([
        deps.store.buckets({
          metrics: [KUBE_METRICS.cpuUsage],
          fromSeconds,
          toSeconds: now,
          stepSeconds: USAGE_STEP_SECONDS,
          where,
        }),
        deps.store.buckets({
          metrics: RIGHTSIZING_METRICS.filter((m) => !unfiltered.includes(m)),
          fromSeconds,
          toSeconds: now,
          stepSeconds: HOUR_SECONDS,
          where,
        }),
        // Node labels carry no namespace: read them whatever the filter, for the nodes' prices.
        deps.store.buckets({
          metrics: [KUBE_METRICS.nodeLabels],
          fromSeconds,
          toSeconds: now,
          stepSeconds: DAY_SECONDS,
        }),
      ]);
      const rows = [...cpu, ...other, ...nodes];
      const all = recommend({
        rows,
        nowSeconds: now,
        ownerOf: await owners(),
        pricesOfNode: (labels) => nodePrices(labels, deps.settings),
        actionId: deps.actionDefined?.(deps.settings.rightsizingAction)
          ? deps.settings.rightsizingAction
          : null,
      });
      const recommendations = all.filter(
        (r) => (!query.service || r.service === query.service) && (!query.team || r.team === query.team),
      );
      const total = recommendations.reduce((t, r) => t + r.monthlySavingUsd, 0);
      return { recommendations, totalMonthlySavingUsd: Math.round(total * 100) / 100 };
    },
  };
}

export type CostService = ReturnType<typeof createCostService>;
