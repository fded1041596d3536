import { type BucketRow, counterRates, KUBE_METRICS } from './kube-metrics.store.ts';

/** One container in one hour: what it requested and used, averaged over the samples of the hour. */
export interface ContainerHour {
  namespace: string;
  pod: string;
  container: string;
  node: string;
  /** Hour start, epoch seconds. */
  hour: number;
  cpuRequestCores: number;
  cpuUsageCores: number;
  ramRequestBytes: number;
  ramUsageBytes: number;
  gpuRequest: number;
}

/** One node in one hour: its capacity and labels (for its prices). */
export interface NodeHour {
  node: string;
  hour: number;
  cpuCores: number;
  ramBytes: number;
  gpus: number;
  labels: Record<string, string>;
}

/** One PVC in one hour, and the pods that mounted it then. */
export interface PvcHour {
  namespace: string;
  pvc: string;
  hour: number;
  bytes: number;
  pods: string[];
}

export interface HourlyFacts {
  containers: ContainerHour[];
  nodes: NodeHour[];
  pvcs: PvcHour[];
  /** `namespace/pod` → the pod's labels, as kube-state-metrics names them (`label_app_kubernetes_io_name`). */
  podLabels: Map<string, Record<string, string>>;
}

export const HOUR_SECONDS = 3600;

/** The metrics {@link buildHourlyFacts} reads. */
export const ALLOCATION_METRICS = [
  KUBE_METRICS.requests,
  KUBE_METRICS.cpuUsage,
  KUBE_METRICS.memoryWorkingSet,
  KUBE_METRICS.nodeCapacity,
  KUBE_METRICS.nodeLabels,
  KUBE_METRICS.podLabels,
  KUBE_METRICS.podInfo,
  KUBE_METRICS.pvcRequest,
  KUBE_METRICS.podPvc,
] as const;

const GPU_RESOURCES = new Set(['nvidia_com_gpu', 'nvidia.com/gpu', 'amd_com_gpu', 'amd.com/gpu']);

/** cAdvisor's pod-level cgroup rows (container "" or "POD") are not containers. */
export function isContainer(labels: Record<string, string>): boolean {
  const c = labels.container ?? '';
  return c !== '' && c !== 'POD';
}

const containerKey = (l: Record<string, string>) =>
  `${l.namespace ?? ''}/${l.pod ?? ''}/${l.container ?? ''}`;

/**
 * Hourly facts from hourly buckets of the kube-state-metrics and cAdvisor series. A container
 * exists in an hour when it has a request or usage sample in it; its node comes from the
 * request series' `node` label or else `kube_pod_info`.
 */
export function buildHourlyFacts(rows: readonly BucketRow[]): HourlyFacts {
  const containers = new Map<string, ContainerHour>();
  const podNode = new Map<string, string>();
  const podLabels = new Map<string, Record<string, string>>();
  const nodes = new Map<string, NodeHour>();
  const nodeLabels = new Map<string, Record<string, string>>();
  const pvcs = new Map<string, PvcHour>();
  const pvcMounts = new Map<string, Set<string>>();

  const containerHour = (l: Record<string, string>, hour: number): ContainerHour => {
    const key = `${containerKey(l)}@${hour}`;
    let c = containers.get(key);
    if (!c) {
      c = {
        namespace: l.namespace ?? '',
        pod: l.pod ?? '',
        container: l.container ?? '',
        node: '',
        hour,
        cpuRequestCores: 0,
        cpuUsageCores: 0,
        ramRequestBytes: 0,
        ramUsageBytes: 0,
        gpuRequest: 0,
      };
      containers.set(key, c);
    }
    if (!c.node && l.node) c.node = l.node;
    return c;
  };
  const nodeHour = (node: string, hour: number): NodeHour => {
    const key = `${node}@${hour}`;
    let n = nodes.get(key);
    if (!n) {
      n = { node, hour, cpuCores: 0, ramBytes: 0, gpus: 0, labels: {} };
      nodes.set(key, n);
    }
    return n;
  };

  const cpuUsage: BucketRow[] = [];
  for (const r of rows) {
    const l = r.labels;
    switch (r.metric) {
      case KUBE_METRICS.requests: {
        if (!isContainer(l)) break;
        const c = containerHour(l, r.t);
        if (l.resource === 'cpu') c.cpuRequestCores = r.avg;
        else if (l.resource === 'memory') c.ramRequestBytes = r.avg;
        else if (GPU_RESOURCES.has(l.resource ?? '')) c.gpuRequest = r.avg;
        break;
      }
      case KUBE_METRICS.cpuUsage:
        if (isContainer(l)) cpuUsage.push(r);
        break;
      case KUBE_METRICS.memoryWorkingSet:
        if (isContainer(l)) containerHour(l, r.t).ramUsageBytes = r.avg;
        break;
      case KUBE_METRICS.nodeCapacity: {
        const n = nodeHour(l.node ?? '', r.t);
        if (l.resource === 'cpu') n.cpuCores = r.avg;
        else if (l.resource === 'memory') n.ramBytes = r.avg;
        else if (GPU_RESOURCES.has(l.resource ?? '')) n.gpus = r.avg;
        break;
      }
      case KUBE_METRICS.nodeLabels:
        nodeLabels.set(l.node ?? '', l);
        break;
      case KUBE_METRICS.podLabels:
        podLabels.set(`${l.namespace ?? ''}/${l.pod ?? ''}`, l);
        break;
      case KUBE_METRICS.podInfo:
        if (l.node) podNode.set(`${l.namespace ?? ''}/${l.pod ?? ''}`, l.node);
        break;
      case KUBE_METRICS.pvcRequest: {
        const key = `${l.namespace ?? ''}/${l.persistentvolumeclaim ?? ''}@${r.t}`;
        pvcs.set(key, {
          namespace: l.namespace ?? '',
          pvc: l.persistentvolumeclaim ?? '',
          hour: r.t,
          bytes: r.avg,
          pods: [],
        });
        break;
      }
      case KUBE_METRICS.podPvc: {
        const key = `${l.namespace ?? ''}/${l.persistentvolumeclaim ?? ''}@${r.t}`;
        const set = pvcMounts.get(key) ?? new Set<string>();
        set.add(l.pod ?? '');
        pvcMounts.set(key, set);
        break;
      }
    }
  }
  for (const [key, rates] of counterRates(cpuUsage, HOUR_SECONDS, containerKey)) {
    const [namespace, pod, container] = key.split('/');
    for (const [hour, cores] of rates)
      containerHour({ namespace, pod, container } as Record<string, string>, hour).cpuUsageCores = cores;
  }
  for (const c of containers.values()) if (!c.node) c.node = podNode.get(`${c.namespace}/${c.pod}`) ?? '';
  for (const n of nodes.values()) n.labels = nodeLabels.get(n.node) ?? {};
  for (const [key, p] of pvcs) p.pods = [...(pvcMounts.get(key) ?? [])].sort();
  return {
    containers: [...containers.values()],
    nodes: [...nodes.values()],
    pvcs: [...pvcs.values()],
    podLabels,
  };
}
