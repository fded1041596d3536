import { type ContainerHour, HOUR_SECONDS, type HourlyFacts } from './hourly-facts.ts';
import { type CostSettings, GIB, type NodePrices, nodePrices } from './prices.ts';

/** Who a pod belongs to, from its labels and the catalog. */
export interface PodOwner {
  service: string | null;
  team: string | null;
  system: string | null;
}

export type ShareSplit = 'none' | 'weighted' | 'even';

export interface AllocationOptions {
  /** Properties to group by: container, pod, namespace, node, service, team, system, label:<name>. */
  aggregate: readonly string[];
  /** Consecutive [start, end) windows in epoch seconds (one per step). */
  windows: ReadonlyArray<{ start: number; end: number }>;
  includeIdle: boolean;
  shareIdle: boolean;
  sharedNamespaces: readonly string[];
  shareSplit: ShareSplit;
  settings: CostSettings;
  ownerOf: (namespace: string, pod: string, podLabels: Record<string, string>) => PodOwner;
}

/** One allocation in OpenCost's /allocation shape (fields Cairn does not measure are 0). */
export interface Allocation {
  name: string;
  properties: Record<string, unknown>;
  window: { start: string; end: string };
  start: string;
  end: string;
  minutes: number;
  cpuCores: number;
  cpuCoreRequestAverage: number;
  cpuCoreUsageAverage: number;
  cpuCoreHours: number;
  cpuCost: number;
  cpuCostAdjustment: number;
  cpuEfficiency: number;
  gpuCount: number;
  gpuHours: number;
  gpuCost: number;
  gpuCostAdjustment: number;
  networkTransferBytes: number;
  networkReceiveBytes: number;
  networkCost: number;
  networkCostAdjustment: number;
  loadBalancerCost: number;
  loadBalancerCostAdjustment: number;
  pvBytes: number;
  pvByteHours: number;
  pvCost: number;
  pvCostAdjustment: number;
  ramBytes: number;
  ramByteRequestAverage: number;
  ramByteUsageAverage: number;
  ramByteHours: number;
  ramCost: number;
  ramCostAdjustment: number;
  ramEfficiency: number;
  sharedCost: number;
  externalCost: number;
  totalCost: number;
  totalEfficiency: number;
}

export const IDLE = '__idle__';
export const UNALLOCATED = '__unallocated__';
export const UNMOUNTED = '__unmounted__';

/** Running sums of one container (or unmounted PVC) over one window. */
interface Sums {
  properties: Record<string, unknown>;
  namespace: string;
  firstHour: number;
  lastHour: number;
  hours: number;
  cpuCoreHours: number;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  ramByteHours: number;
  ramRequestByteHours: number;
  ramUsageByteHours: number;
  gpuHours: number;
  pvByteHours: number;
  cpuCost: number;
  ramCost: number;
  gpuCost: number;
  pvCost: number;
  sharedCost: number;
}

function emptySums(properties: Record<string, unknown>, namespace: string, hour: number): Sums {
  return {
    properties,
    namespace,
    firstHour: hour,
    lastHour: hour,
    hours: 0,
    cpuCoreHours: 0,
    cpuRequestCoreHours: 0,
    cpuUsageCoreHours: 0,
    ramByteHours: 0,
    ramRequestByteHours: 0,
    ramUsageByteHours: 0,
    gpuHours: 0,
    pvByteHours: 0,
    cpuCost: 0,
    ramCost: 0,
    gpuCost: 0,
    pvCost: 0,
    sharedCost: 0,
  };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * OpenCost allocation: per container and hour, max(request, usage) × the node's price for CPU
 * and memory, GPU by request, PVC storage by request split over the pods that mount it; idle is
 * each node's capacity cost minus what its containers were allocated. Returns one set per window.
 */
export function computeAllocations(
  facts: HourlyFacts,
  options: AllocationOptions,
): Record<string, Allocation>[] {
  const prices = new Map<string, NodePrices>();
  const nodeHours = new Map(facts.nodes.map((n) => [`${n.node}@${n.hour}`, n]));
  const priceOf = (node: string, hour: number): NodePrices => {
    const labels = nodeHours.get(`${node}@${hour}`)?.labels ?? {};
    const key = JSON.stringify(labels);
    let p = prices.get(key);
    if (!p) {
      p = nodePrices(labels, options.settings);
      prices.set(key, p);
    }
    return p;
  };
  const podsWithContainers = new Map<string, ContainerHour[]>();
  for (const c of facts.containers) {
    const key = `${c.namespace}/${c.pod}@${c.hour}`;
    podsWithContainers.set(key, [...(podsWithContainers.get(key) ?? []), c]);
  }

  return options.windows.map((w) => {
    const inWindow = (hour: number) => hour >= w.start && hour < w.end;
    const sums = new Map<string, Sums>();
    const allocatedOnNode = new Map<string, { cpu: number; ram: number; gpu: number }>();
    const sumsFor = (key: string, props: () => Record<string, unknown>, namespace: string, hour: number) => {
      let s = sums.get(key);
      if (!s) {
        s = emptySums(props(), namespace, hour);
        sums.set(key, s);
      }
      s.firstHour = Math.min(s.firstHour, hour);
      s.lastHour = Math.max(s.lastHour, hour);
      return s;
    };
    const containerProps = (c: ContainerHour) => {
      const labels = facts.podLabels.get(`${c.namespace}/${c.pod}`) ?? {};
      const owner = options.ownerOf(c.namespace, c.pod, labels);
      return {
        cluster: 'default',
        node: c.node,
        namespace: c.namespace,
        pod: c.pod,
        container: c.container,
        services: owner.service ? [owner.service] : [],
        service: owner.service,
        team: owner.team,
        system: owner.system,
        labels: Object.fromEntries(
          Object.entries(labels)
            .filter(([k]) => k.startsWith('label_'))
            .map(([k, v]) => [k.slice('label_'.length), v]),
        ),
      };
    };

    for (const c of facts.containers) {
      if (!inWindow(c.hour)) continue;
      const p = priceOf(c.node, c.hour);
      const cpu = Math.max(c.cpuRequestCores, c.cpuUsageCores);
      const ram = Math.max(c.ramRequestBytes, c.ramUsageBytes);
      const s = sumsFor(
        `${c.namespace}/${c.pod}/${c.container}`,
        () => containerProps(c),
        c.namespace,
        c.hour,
      );
      s.hours += 1;
      s.cpuCoreHours += cpu;
      s.cpuRequestCoreHours += c.cpuRequestCores;
      s.cpuUsageCoreHours += c.cpuUsageCores;
      s.ramByteHours += ram;
      s.ramRequestByteHours += c.ramRequestBytes;
      s.ramUsageByteHours += c.ramUsageBytes;
      s.gpuHours += c.gpuRequest;
      s.cpuCost += cpu * p.cpuCoreHourUsd;
      s.ramCost += (ram / GIB) * p.ramGiBHourUsd;
      s.gpuCost += c.gpuRequest * p.gpuHourUsd;
      const nodeKey = `${c.node}@${c.hour}`;
      const used = allocatedOnNode.get(nodeKey) ?? { cpu: 0, ram: 0, gpu: 0 };
      used.cpu += cpu;
      used.ram += ram;
      used.gpu += c.gpuRequest;
      allocatedOnNode.set(nodeKey, used);
    }
    for (const pvc of facts.pvcs) {
      if (!inWindow(pvc.hour)) continue;
      const costUsd = (pvc.bytes / GIB) * options.settings.storageGiBHourUsd;
      const mounted = pvc.pods.flatMap(
        (pod) => podsWithContainers.get(`${pvc.namespace}/${pod}@${pvc.hour}`) ?? [],
      );
      const targets = mounted.length > 0 ? mounted : null;
      if (targets) {
        for (const c of targets) {
          const s = sumsFor(
            `${c.namespace}/${c.pod}/${c.container}`,
            () => containerProps(c),
            c.namespace,
            c.hour,
          );
          s.pvByteHours += pvc.bytes / targets.length;
          s.pvCost += costUsd / targets.length;
        }
      } else {
        const s = sumsFor(
          `${UNMOUNTED}/${pvc.namespace}/${pvc.pvc}`,
          () => ({
            cluster: 'default',
            namespace: pvc.namespace,
            persistentVolumeClaim: pvc.pvc,
            services: [],
            labels: {},
          }),
          pvc.namespace,
          pvc.hour,
        );
        s.hours += 1;
        s.pvByteHours += pvc.bytes;
        s.pvCost += costUsd;
      }
    }

    // Idle: each node-hour's capacity cost minus the cost of what its containers were allocated.
    const idle = emptySums({ cluster: 'default' }, '', w.start);
    for (const n of facts.nodes) {
      if (!inWindow(n.hour)) continue;
      const p = priceOf(n.node, n.hour);
      const used = allocatedOnNode.get(`${n.node}@${n.hour}`) ?? { cpu: 0, ram: 0, gpu: 0 };
      const cpu = Math.max(0, n.cpuCores - used.cpu);
      const ram = Math.max(0, n.ramBytes - used.ram);
      const gpu = Math.max(0, n.gpus - used.gpu);
      idle.hours = Math.max(idle.hours, 1);
      idle.firstHour = Math.min(idle.firstHour, n.hour);
      idle.lastHour = Math.max(idle.lastHour, n.hour);
      idle.cpuCoreHours += cpu;
      idle.ramByteHours += ram;
      idle.gpuHours += gpu;
      idle.cpuCost += cpu * p.cpuCoreHourUsd;
      idle.ramCost += (ram / GIB) * p.ramGiBHourUsd;
      idle.gpuCost += gpu * p.gpuHourUsd;
    }

    const records = [...sums.values()];
    if (options.includeIdle && options.shareIdle) shareIdleByResource(idle, records);
    const shared = new Set(options.shareSplit === 'none' ? [] : options.sharedNamespaces);
    const sharedUsd = records.filter((r) => shared.has(r.namespace)).reduce((t, r) => t + totalOf(r), 0);
    const groups = new Map<string, Sums[]>();
    for (const r of records) {
      if (shared.has(r.namespace)) continue;
      const name = nameOf(r.properties, options.aggregate);
      groups.set(name, [...(groups.get(name) ?? []), r]);
    }
    const windowHours = (w.end - w.start) / HOUR_SECONDS;
    const out: Record<string, Allocation> = {};
    for (const [name, members] of groups) out[name] = finish(name, members, w);
    spreadShared(out, sharedUsd, options.shareSplit);
    if (
      options.includeIdle &&
      !options.shareIdle &&
      (idle.cpuCost > 0 || idle.ramCost > 0 || idle.gpuCost > 0)
    ) {
      // Idle averages are per hour of the window: capacity left over, on average.
      const row = finish(IDLE, [idle], w);
      row.cpuCores = idle.cpuCoreHours / windowHours;
      row.ramBytes = idle.ramByteHours / windowHours;
      row.gpuCount = idle.gpuHours / windowHours;
      row.minutes = (w.end - w.start) / 60;
      out[IDLE] = row;
    }
    return out;
  });
}

function totalOf(s: Sums): number {
  return s.cpuCost + s.ramCost + s.gpuCost + s.pvCost + s.sharedCost;
}

/** Idle CPU goes to rows in proportion to their CPU cost, idle memory by memory cost, GPU by GPU cost. */
function shareIdleByResource(idle: Sums, records: Sums[]): void {
  const cpu = records.reduce((t, r) => t + r.cpuCost, 0);
  const ram = records.reduce((t, r) => t + r.ramCost, 0);
  const gpu = records.reduce((t, r) => t + r.gpuCost, 0);
  for (const r of records) {
    if (cpu > 0) r.cpuCost += (idle.cpuCost * r.cpuCost) / cpu;
    if (ram > 0) r.ramCost += (idle.ramCost * r.ramCost) / ram;
    if (gpu > 0) r.gpuCost += (idle.gpuCost * r.gpuCost) / gpu;
  }
}

function spreadShared(out: Record<string, Allocation>, sharedUsd: number, split: ShareSplit): void {
  const rows = Object.values(out);
  if (sharedUsd <= 0 || rows.length === 0 || split === 'none') return;
  const total = rows.reduce((t, r) => t + r.totalCost, 0);
  for (const r of rows) {
    const share =
      split === 'even' || total <= 0 ? sharedUsd / rows.length : (sharedUsd * r.totalCost) / total;
    r.sharedCost += share;
    r.totalCost += share;
  }
}

/** The aggregate name of a record: its values for each property, joined by `/`. */
export function nameOf(properties: Record<string, unknown>, aggregate: readonly string[]): string {
  if (aggregate.length === 0) {
    return ['cluster', 'node', 'namespace', 'pod', 'container']
      .map((k) => String(properties[k] ?? UNALLOCATED))
      .join('/');
  }
  return aggregate
    .map((a) => {
      if (a.startsWith('label:')) {
        const key = a.slice('label:'.length).replace(/[^A-Za-z0-9_]/g, '_');
        const labels = (properties.labels ?? {}) as Record<string, string>;
        return labels[key] || UNALLOCATED;
      }
      const v = properties[a];
      return typeof v === 'string' && v !== '' ? v : UNALLOCATED;
    })
    .join('/');
}

/** Containers sum into one allocation; averages are per container over its own running hours, then summed. */
function finish(name: string, members: Sums[], w: { start: number; end: number }): Allocation {
  let cpuRequestAvg = 0;
  let cpuUsageAvg = 0;
  let ramRequestAvg = 0;
  let ramUsageAvg = 0;
  let cpuCores = 0;
  let ramBytes = 0;
  let gpuCount = 0;
  let pvBytes = 0;
  const totals = emptySums({}, '', w.start);
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const m of members) {
    const h = Math.max(m.hours, 1);
    cpuRequestAvg += m.cpuRequestCoreHours / h;
    cpuUsageAvg += m.cpuUsageCoreHours / h;
    ramRequestAvg += m.ramRequestByteHours / h;
    ramUsageAvg += m.ramUsageByteHours / h;
    cpuCores += m.cpuCoreHours / h;
    ramBytes += m.ramByteHours / h;
    gpuCount += m.gpuHours / h;
    pvBytes += m.pvByteHours / h;
    for (const k of [
      'cpuCoreHours',
      'ramByteHours',
      'gpuHours',
      'pvByteHours',
      'cpuCost',
      'ramCost',
      'gpuCost',
      'pvCost',
      'sharedCost',
    ] as const)
      totals[k] += m[k];
    first = Math.min(first, m.firstHour);
    last = Math.max(last, m.lastHour + HOUR_SECONDS);
  }
  const cpuEfficiency = cpuRequestAvg > 0 ? cpuUsageAvg / cpuRequestAvg : cpuUsageAvg > 0 ? 1 : 0;
  const ramEfficiency = ramRequestAvg > 0 ? ramUsageAvg / ramRequestAvg : ramUsageAvg > 0 ? 1 : 0;
  const computeCost = totals.cpuCost + totals.ramCost;
  return {
    name,
    properties: commonProperties(members.map((m) => m.properties)),
    window: { start: iso(w.start), end: iso(w.end) },
    start: iso(first),
    end: iso(Math.min(last, w.end)),
    minutes: (Math.min(last, w.end) - first) / 60,
    cpuCores,
    cpuCoreRequestAverage: cpuRequestAvg,
    cpuCoreUsageAverage: cpuUsageAvg,
    cpuCoreHours: totals.cpuCoreHours,
    cpuCost: totals.cpuCost,
    cpuCostAdjustment: 0,
    cpuEfficiency,
    gpuCount,
    gpuHours: totals.gpuHours,
    gpuCost: totals.gpuCost,
    gpuCostAdjustment: 0,
    networkTransferBytes: 0,
    networkReceiveBytes: 0,
    networkCost: 0,
    networkCostAdjustment: 0,
    loadBalancerCost: 0,
    loadBalancerCostAdjustment: 0,
    pvBytes,
    pvByteHours: totals.pvByteHours,
    pvCost: totals.pvCost,
    pvCostAdjustment: 0,
    ramBytes,
    ramByteRequestAverage: ramRequestAvg,
    ramByteUsageAverage: ramUsageAvg,
    ramByteHours: totals.ramByteHours,
    ramCost: totals.ramCost,
    ramCostAdjustment: 0,
    ramEfficiency,
    sharedCost: totals.sharedCost,
    externalCost: 0,
    totalCost: totals.cpuCost + totals.ramCost + totals.gpuCost + totals.pvCost + totals.sharedCost,
    totalEfficiency:
      computeCost > 0 ? (cpuEfficiency * totals.cpuCost + ramEfficiency * totals.ramCost) / computeCost : 0,
  };
}

/** The properties every member shares (OpenCost keeps only those on an aggregate). */
function commonProperties(all: Record<string, unknown>[]): Record<string, unknown> {
  const [first, ...rest] = all;
  if (!first) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first)) {
    const same = JSON.stringify(v);
    if (rest.every((p) => JSON.stringify(p[k]) === same)) out[k] = v;
  }
  return out;
}
