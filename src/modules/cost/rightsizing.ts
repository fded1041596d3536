import type { PodOwner } from './allocation.ts';
import type { Recommendation, RecommendedAction } from './contract.ts';
import { isContainer } from './hourly-facts.ts';
import { type BucketRow, counterRates, KUBE_METRICS } from './kube-metrics.store.ts';
import { GIB, type NodePrices } from './prices.ts';
import { workloadFromOwner, workloadOf } from './workload-name.ts';

/** The Kubernetes VPA recommender's defaults. */
export const VPA = {
  cpuPercentile: 0.9,
  memoryPeakPercentile: 0.9,
  safetyMarginFraction: 0.15,
  minCpuCores: 0.025,
  minMemoryBytes: 250 * 1024 * 1024,
  memoryPeakIntervalSeconds: 86_400,
  oomBumpRatio: 1.2,
  oomMinBumpBytes: 100 * 1024 * 1024,
} as const;

/** Usage is spiky when its peak is this many times its p90 (CPU) or median daily peak (memory). */
export const SPIKE_RATIO = { cpu: 2, memory: 1.5 } as const;
export const HOURS_PER_MONTH = 730;
export const USAGE_STEP_SECONDS = 300;

export const RIGHTSIZING_METRICS = [
  KUBE_METRICS.requests,
  KUBE_METRICS.limits,
  KUBE_METRICS.cpuUsage,
  KUBE_METRICS.memoryWorkingSet,
  KUBE_METRICS.lastTerminated,
  KUBE_METRICS.podLabels,
  KUBE_METRICS.podOwner,
  // Which node each replica runs on, and the node's labels: its prices price the saving.
  KUBE_METRICS.podInfo,
  KUBE_METRICS.nodeLabels,
] as const;

/** Nearest-rank percentile of `values` (not empty). */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

interface Workload {
  namespace: string;
  workload: string;
  container: string;
  pod: string;
  labels: Record<string, string>;
  cpuRequest: number;
  memoryRequest: number;
  /** Latest request time, to keep the latest spec's request. */
  requestAt: number;
  cpuLimit: number | null;
  memoryLimit: number | null;
  limitAt: number;
  cpuSamples: number[];
  memoryPeaks: Map<number, number>;
  oomKilled: boolean;
  /** Distinct pods seen in the last day: the replicas a saving adds up over, each at its node's prices. */
  recentPods: Set<string>;
}

/**
 * Right-sizing by the VPA recommender's method: CPU at the 90th percentile of 5-minute usage,
 * memory at the 90th percentile of 24-hour peaks, both +15% and at least 25 millicores / 250 MiB;
 * memory after an OOM kill at least 1.2× (or +100 MiB) the memory it was killed at. A cut where
 * usage spikes or the container was OOM-killed becomes a warning instead.
 */
export function recommend(input: {
  rows: readonly BucketRow[];
  nowSeconds: number;
  ownerOf: (namespace: string, pod: string, labels: Record<string, string>) => PodOwner;
  /** A node's prices from its `kube_node_labels` labels (instance type, spot). */
  pricesOfNode: (nodeLabels: Record<string, string>) => NodePrices;
  /** The action that applies a recommendation (cost.rightsizingAction), or null when none is defined. */
  actionId?: string | null;
}): Recommendation[] {
  const podLabels = new Map<string, Record<string, string>>();
  const podNode = new Map<string, string>();
  /** `namespace/pod` → the controller (Deployment, StatefulSet, …) from kube_pod_owner. */
  const podController = new Map<string, string>();
  const nodeLabels = new Map<string, Record<string, string>>();
  for (const r of input.rows) {
    const podKey = `${r.labels.namespace}/${r.labels.pod}`;
    if (r.metric === KUBE_METRICS.podLabels) podLabels.set(podKey, r.labels);
    else if (r.metric === KUBE_METRICS.podOwner) {
      const controller = workloadFromOwner(r.labels.owner_kind ?? '', r.labels.owner_name ?? '');
      if (controller) podController.set(podKey, controller);
    } else if (r.metric === KUBE_METRICS.nodeLabels) nodeLabels.set(r.labels.node ?? '', r.labels);
    else if ((r.metric === KUBE_METRICS.podInfo || r.metric === KUBE_METRICS.requests) && r.labels.node)
      podNode.set(podKey, r.labels.node);
  }
  const pricesOfPod = (namespace: string, pod: string) =>
    input.pricesOfNode(nodeLabels.get(podNode.get(`${namespace}/${pod}`) ?? '') ?? {});
  const workloads = new Map<string, Workload>();
  const workloadFor = (l: Record<string, string>): Workload => {
    const namespace = l.namespace ?? '';
    const pod = l.pod ?? '';
    const labels = podLabels.get(`${namespace}/${pod}`) ?? {};
    const owner = input.ownerOf(namespace, pod, labels);
    // VPA recommends per controller: kube_pod_owner names it; else the service, else the pod's name.
    const workload = podController.get(`${namespace}/${pod}`) ?? owner.service ?? workloadOf(pod);
    const key = `${namespace}/${workload}/${l.container ?? ''}`;
    let w = workloads.get(key);
    if (!w) {
      w = {
        namespace,
        workload,
        container: l.container ?? '',
        pod,
        labels,
        cpuRequest: 0,
        memoryRequest: 0,
        requestAt: 0,
        cpuLimit: null,
        memoryLimit: null,
        limitAt: 0,
        cpuSamples: [],
        memoryPeaks: new Map(),
        oomKilled: false,
        recentPods: new Set(),
      };
      workloads.set(key, w);
    }
    return w;
  };
  const cpuRows: BucketRow[] = [];
  for (const r of input.rows) {
    if (!isContainer(r.labels)) continue;
    if (r.metric === KUBE_METRICS.requests) {
      const w = workloadFor(r.labels);
      if (r.lastSeconds >= w.requestAt) {
        if (r.labels.resource === 'cpu') w.cpuRequest = r.last;
        if (r.labels.resource === 'memory') w.memoryRequest = r.last;
        w.requestAt = r.lastSeconds;
        w.pod = r.labels.pod ?? w.pod;
      }
      if (r.t >= input.nowSeconds - 86_400) w.recentPods.add(r.labels.pod ?? '');
    } else if (r.metric === KUBE_METRICS.limits) {
      const w = workloadFor(r.labels);
      // A later spec may drop a limit, so the latest sample time decides, per resource.
      if (r.lastSeconds >= w.limitAt) {
        if (r.labels.resource === 'cpu') w.cpuLimit = r.last;
        if (r.labels.resource === 'memory') w.memoryLimit = r.last;
        w.limitAt = r.lastSeconds;
      }
    } else if (r.metric === KUBE_METRICS.cpuUsage) cpuRows.push(r);
    else if (r.metric === KUBE_METRICS.memoryWorkingSet) {
      const w = workloadFor(r.labels);
      const interval = Math.floor((input.nowSeconds - r.t - 1) / VPA.memoryPeakIntervalSeconds);
      w.memoryPeaks.set(interval, Math.max(w.memoryPeaks.get(interval) ?? 0, r.max));
    } else if (r.metric === KUBE_METRICS.lastTerminated && r.labels.reason === 'OOMKilled' && r.max > 0) {
      workloadFor(r.labels).oomKilled = true;
    }
  }
  const seriesKey = (l: Record<string, string>) => JSON.stringify([l.namespace, l.pod, l.container]);
  const labelsOf = new Map(cpuRows.map((r) => [seriesKey(r.labels), r.labels]));
  for (const [key, rates] of counterRates(cpuRows, USAGE_STEP_SECONDS, seriesKey)) {
    const w = workloadFor(labelsOf.get(key) ?? {});
    w.cpuSamples.push(...rates.values());
  }

  const out: Recommendation[] = [];
  for (const w of workloads.values()) {
    if (w.cpuSamples.length === 0 || w.memoryPeaks.size === 0) continue;
    const owner = input.ownerOf(w.namespace, w.pod, w.labels);
    const cpuP90 = percentile(w.cpuSamples, VPA.cpuPercentile);
    const cpuMax = Math.max(...w.cpuSamples);
    const peaks = [...w.memoryPeaks.values()];
    const memoryPeak = percentile(peaks, VPA.memoryPeakPercentile);
    let cpu = Math.max(VPA.minCpuCores, cpuP90 * (1 + VPA.safetyMarginFraction));
    let memory = Math.max(VPA.minMemoryBytes, memoryPeak * (1 + VPA.safetyMarginFraction));
    if (w.oomKilled) {
      const killedAt = Math.max(w.memoryRequest, Math.max(...peaks));
      memory = Math.max(memory, killedAt * VPA.oomBumpRatio, killedAt + VPA.oomMinBumpBytes);
    }
    cpu = Math.ceil(cpu * 1000) / 1000;
    memory = Math.ceil(memory / (1024 * 1024)) * 1024 * 1024;
    const warnings: string[] = [];
    const cpuSpiky = cpuMax > SPIKE_RATIO.cpu * Math.max(cpuP90, VPA.minCpuCores);
    const memorySpiky = Math.max(...peaks) > SPIKE_RATIO.memory * percentile(peaks, 0.5);
    if (cpu < w.cpuRequest && cpuSpiky) {
      warnings.push(
        `CPU usage spikes to ${cpuMax.toFixed(3)} cores (p90 ${cpuP90.toFixed(3)}); keeping the ${w.cpuRequest} core request instead of a cut`,
      );
      cpu = w.cpuRequest;
    }
    if (memory < w.memoryRequest && (memorySpiky || w.oomKilled)) {
      warnings.push(
        w.oomKilled
          ? 'OOM-killed in the history; keeping the memory request instead of a cut'
          : 'daily memory peaks vary by more than 1.5×; keeping the memory request instead of a cut',
      );
      memory = w.memoryRequest;
    }
    if (w.oomKilled && memory > w.memoryRequest)
      warnings.push('OOM-killed: memory raised above the peak it was killed at');
    const cpuLimit = scaledLimit(w.cpuLimit, w.cpuRequest, cpu, (v) => Math.ceil(v * 1000) / 1000);
    const memoryLimit = scaledLimit(w.memoryLimit, w.memoryRequest, memory, (v) => Math.ceil(v / MIB) * MIB);
    let hourlyDelta = 0;
    for (const pod of w.recentPods.size > 0 ? w.recentPods : [w.pod]) {
      const prices = pricesOfPod(w.namespace, pod);
      hourlyDelta +=
        (w.cpuRequest - cpu) * prices.cpuCoreHourUsd +
        ((w.memoryRequest - memory) / GIB) * prices.ramGiBHourUsd;
    }
    out.push({
      namespace: w.namespace,
      pod: w.pod,
      workload: w.workload,
      container: w.container,
      service: owner.service,
      team: owner.team,
      current: { cpuCores: w.cpuRequest, memoryBytes: w.memoryRequest },
      recommended: { cpuCores: cpu, memoryBytes: memory },
      usage: {
        cpuP90Cores: cpuP90,
        cpuMaxCores: cpuMax,
        memoryPeakBytes: memoryPeak,
        samples: w.cpuSamples.length,
      },
      limits: {
        current: { cpuCores: w.cpuLimit, memoryBytes: w.memoryLimit },
        recommended: { cpuCores: cpuLimit, memoryBytes: memoryLimit },
      },
      oomKilled: w.oomKilled,
      warnings,
      monthlySavingUsd: Math.round(hourlyDelta * HOURS_PER_MONTH * 100) / 100,
      action: actionFor(input.actionId ?? null, {
        namespace: w.namespace,
        container: w.container,
        service: owner.service,
        current: {
          cpu: w.cpuRequest,
          memory: w.memoryRequest,
          cpuLimit: w.cpuLimit,
          memoryLimit: w.memoryLimit,
        },
        recommended: { cpu, memory, cpuLimit, memoryLimit },
      }),
    });
  }
  return out.sort((a, b) => b.monthlySavingUsd - a.monthlySavingUsd);
}

const MIB = 1024 * 1024;

/**
 * A limit kept in the same proportion to the request as now (the VPA's RequestsAndLimits mode),
 * never below the new request; null when no limit is set.
 */
export function scaledLimit(
  limit: number | null,
  request: number,
  recommended: number,
  round: (value: number) => number,
): number | null {
  if (limit === null || limit <= 0) return null;
  if (request <= 0) return limit;
  return Math.max(recommended, round((limit * recommended) / request));
}

interface Sizes {
  cpu: number;
  memory: number;
  cpuLimit: number | null;
  memoryLimit: number | null;
}

/**
 * The run that applies a recommendation: the action's inputs in whole millicores and MiB (the
 * units a values file is written in), the namespace as the environment. Null when the workload
 * has no service to target, no action is defined, or nothing would change.
 */
export function actionFor(
  actionId: string | null,
  r: { namespace: string; container: string; service: string | null; current: Sizes; recommended: Sizes },
): RecommendedAction | null {
  if (actionId === null || r.service === null) return null;
  const same = (Object.keys(r.current) as Array<keyof Sizes>).every((k) => r.current[k] === r.recommended[k]);
  if (same) return null;
  const millicores = (cores: number) => Math.round(cores * 1000);
  const mib = (bytes: number) => Math.ceil(bytes / MIB);
  const inputs: Record<string, unknown> = {
    environment: r.namespace,
    container: r.container,
    cpuMillicores: millicores(r.recommended.cpu),
    memoryMiB: mib(r.recommended.memory),
  };
  if (r.recommended.cpuLimit !== null) inputs.cpuLimitMillicores = millicores(r.recommended.cpuLimit);
  if (r.recommended.memoryLimit !== null) inputs.memoryLimitMiB = mib(r.recommended.memoryLimit);
  return { id: actionId, service: r.service, inputs };
}
