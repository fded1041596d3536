import type { Timers } from '../demo-clock.ts';
import { SHOP_SERVICES, type ShopService } from '../shop/topology.ts';
import { encodeWriteRequest, type PromSeries } from './remote-write.ts';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const STEP_SECONDS = 300;
const HOUR = 3600;

/** Requests and usage per shop service: most are sized about right; two are not. */
interface PodProfile {
  service: ShopService | 'coredns';
  namespace: string;
  replicas: number;
  node: string;
  cpuRequestCores: number;
  memoryRequestBytes: number;
  /** CPU cores used at the daily peak; the daily pattern scales it from 35% at night. */
  peakCpuCores: number;
  memoryBytes: number;
  /** Memory that climbs with traffic past the request, and an OOM kill (the memory-hungry one). */
  memoryHungry?: boolean;
}

const PROFILES: PodProfile[] = [
  ...SHOP_SERVICES.map(
    (service, i): PodProfile => ({
      service,
      namespace: 'shop',
      replicas: service === 'frontend' ? 2 : 1,
      node: i % 2 === 0 ? 'node-a' : 'node-b',
      cpuRequestCores: 0.5,
      memoryRequestBytes: 512 * MIB,
      peakCpuCores: 0.35,
      memoryBytes: 300 * MIB,
    }),
  ).map((p) =>
    // Over-provisioned: asks for 2 cores and 4 GiB, uses a tenth of a core.
    p.service === 'recommendation'
      ? { ...p, cpuRequestCores: 2, memoryRequestBytes: 4 * GIB, peakCpuCores: 0.12, memoryBytes: 700 * MIB }
      : p.service === 'cart'
        ? { ...p, memoryRequestBytes: 512 * MIB, memoryBytes: 480 * MIB, memoryHungry: true }
        : p,
  ),
  {
    service: 'coredns',
    namespace: 'kube-system',
    replicas: 2,
    node: 'node-a',
    cpuRequestCores: 0.1,
    memoryRequestBytes: 70 * MIB,
    peakCpuCores: 0.02,
    memoryBytes: 40 * MIB,
  },
];

const NODES = ['node-a', 'node-b'];
/** The shop namespace's ResourceQuota: room to spare, so it is listed with no run-out date. */
const SHOP_QUOTA = { name: 'compute', hard: { 'requests.cpu': 10, 'requests.memory': 12 * GIB, pods: 20 } };
const DISK = {
  node: 'node-a',
  mountpoint: '/var/lib/data',
  sizeBytes: 200 * GIB,
  usedAtStartBytes: 60 * GIB,
};
/** cart's Redis volume: 20 GiB, 6 GiB used at the start of the history, 10 MiB more an hour. */
const PVC = { sizeBytes: 20 * GIB, usedAtStartBytes: 6 * GIB, fillBytesPerHour: 10 * MIB };
/** The disk fills 0.5 GiB an hour: after the 8 days of history, under 4 days are left, so the run-out warning fires. */
const DISK_FILL_BYTES_PER_HOUR = 0.5 * GIB;

/** 0.35 at night to 1 at the afternoon peak (UTC), like the shop's traffic. */
function dailyShare(seconds: number): number {
  const hour = (seconds % 86_400) / HOUR;
  return 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24));
}

function podName(p: PodProfile, replica: number): string {
  return p.replicas > 1 || p.service === 'coredns'
    ? `${p.service}-7c9d8f6b5-r${replica}x4k`
    : `${p.service}-0`;
}

/**
 * kube-state-metrics, cAdvisor and node-exporter shaped series for the shop's pods at `seconds`:
 * requests, usage with a daily pattern, node capacity, the shop's quota, a PVC and a disk that fills.
 * `startSeconds` anchors the counters and the disk.
 */
export function kubeSamples(seconds: number, startSeconds: number): PromSeries[] {
  const ms = seconds * 1000;
  const out: PromSeries[] = [];
  const gauge = (name: string, labels: Record<string, string>, value: number, job = 'kube-state-metrics') =>
    out.push({ labels: { __name__: name, job, ...labels }, samples: [[value, ms]] });
  const share = dailyShare(seconds);
  const elapsed = seconds - startSeconds;
  for (const p of PROFILES) {
    for (let r = 0; r < p.replicas; r++) {
      const pod = podName(p, r);
      const id = { namespace: p.namespace, pod, container: p.service };
      gauge('kube_pod_info', { namespace: p.namespace, pod, node: p.node }, 1);
      gauge(
        'kube_pod_labels',
        {
          namespace: p.namespace,
          pod,
          label_app_kubernetes_io_name: p.service,
          ...(p.namespace === 'shop' ? { label_backstage_io_kubernetes_id: p.service } : {}),
        },
        1,
      );
      gauge(
        'kube_pod_container_resource_requests',
        { ...id, node: p.node, resource: 'cpu', unit: 'core' },
        p.cpuRequestCores,
      );
      gauge(
        'kube_pod_container_resource_requests',
        { ...id, node: p.node, resource: 'memory', unit: 'byte' },
        p.memoryRequestBytes,
      );
      // The counter grows by the daily-average usage (0.675 of peak), plus the hour's deviation.
      const cpuSeconds = p.peakCpuCores * (0.675 * elapsed + (share - 0.675) * 600);
      gauge('container_cpu_usage_seconds_total', id, 10_000 + Math.max(0, cpuSeconds), 'cadvisor');
      const memory = p.memoryHungry
        ? p.memoryBytes * (0.8 + 0.35 * share)
        : p.memoryBytes * (0.9 + 0.1 * share);
      gauge('container_memory_working_set_bytes', id, memory, 'cadvisor');
      if (p.memoryHungry)
        gauge('kube_pod_container_status_last_terminated_reason', { ...id, reason: 'OOMKilled' }, 1);
    }
  }
  const shopPods = PROFILES.filter((p) => p.namespace === 'shop');
  const shopUsed: Record<keyof typeof SHOP_QUOTA.hard, number> = {
    'requests.cpu': shopPods.reduce((sum, p) => sum + p.replicas * p.cpuRequestCores, 0),
    'requests.memory': shopPods.reduce((sum, p) => sum + p.replicas * p.memoryRequestBytes, 0),
    pods: shopPods.reduce((sum, p) => sum + p.replicas, 0),
  };
  for (const [resource, hard] of Object.entries(SHOP_QUOTA.hard) as [
    keyof typeof SHOP_QUOTA.hard,
    number,
  ][]) {
    const quota = { namespace: 'shop', resourcequota: SHOP_QUOTA.name, resource };
    gauge('kube_resourcequota', { ...quota, type: 'hard' }, hard);
    gauge('kube_resourcequota', { ...quota, type: 'used' }, shopUsed[resource]);
  }
  for (const node of NODES) {
    const labels = { node, label_node_kubernetes_io_instance_type: 'm5.2xlarge' };
    gauge('kube_node_labels', labels, 1);
    gauge('kube_node_status_capacity', { node, resource: 'cpu', unit: 'core' }, 8);
    gauge('kube_node_status_capacity', { node, resource: 'memory', unit: 'byte' }, 32 * GIB);
    gauge('kube_node_status_allocatable', { node, resource: 'cpu', unit: 'core' }, 7.8);
    gauge('kube_node_status_allocatable', { node, resource: 'memory', unit: 'byte' }, 30 * GIB);
  }
  gauge(
    'kube_persistentvolumeclaim_resource_requests_storage_bytes',
    { namespace: 'shop', persistentvolumeclaim: 'cart-redis' },
    20 * GIB,
  );
  gauge(
    'kube_pod_spec_volumes_persistentvolumeclaims_info',
    { namespace: 'shop', pod: 'cart-0', volume: 'data', persistentvolumeclaim: 'cart-redis' },
    1,
  );
  // The kubelet's view of the same volume: it fills slowly, with months to go.
  const pvc = { namespace: 'shop', persistentvolumeclaim: 'cart-redis' };
  gauge('kubelet_volume_stats_capacity_bytes', pvc, PVC.sizeBytes, 'kubelet');
  gauge(
    'kubelet_volume_stats_used_bytes',
    pvc,
    PVC.usedAtStartBytes + (elapsed / HOUR) * PVC.fillBytesPerHour,
    'kubelet',
  );
  const disk = {
    node: DISK.node,
    instance: `${DISK.node}:9100`,
    mountpoint: DISK.mountpoint,
    fstype: 'ext4',
    device: '/dev/nvme1n1',
  };
  const used = DISK.usedAtStartBytes + (elapsed / HOUR) * DISK_FILL_BYTES_PER_HOUR;
  gauge('node_filesystem_size_bytes', disk, DISK.sizeBytes, 'node-exporter');
  gauge('node_filesystem_avail_bytes', disk, Math.max(0, DISK.sizeBytes - used), 'node-exporter');
  return out;
}

/** Merges per-instant series into one series per label set, so a batch is one request. */
function merge(batches: PromSeries[][]): PromSeries[] {
  const bySeries = new Map<string, PromSeries>();
  for (const batch of batches) {
    for (const s of batch) {
      const key = JSON.stringify(s.labels);
      const existing = bySeries.get(key);
      if (existing) existing.samples.push(...s.samples);
      else bySeries.set(key, { labels: s.labels, samples: [...s.samples] });
    }
  }
  return [...bySeries.values()];
}

/**
 * Sends the cluster's series to Cairn's remote-write endpoint: `historyDays` of 5-minute samples
 * first (right-sizing reads 8 days), then one sample every `intervalMs` of wall time.
 */
export async function startKubeMetricsFeed(deps: {
  url: string;
  token: string;
  timers: Timers;
  historyDays: number;
  intervalMs: number;
  onRejected: (status: number, body: string) => void;
  /** Pause between history requests. */
  paceMs?: number;
  /** Stops the history replay between requests (the demo is stopping). */
  signal?: AbortSignal;
}): Promise<void> {
  const post = async (series: PromSeries[]) => {
    const response = await fetch(`${deps.url}/api/v1/write`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${deps.token}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body: encodeWriteRequest(series),
    });
    if (!response.ok) deps.onRejected(response.status, await response.text());
  };
  const now = Math.floor(Date.now() / 1000);
  const start = now - deps.historyDays * 86_400;
  for (let day = start; day < now; day += 6 * HOUR) {
    if (deps.signal?.aborted) return;
    // Paced, so the replay does not take the shop's CPU while its first scenario plays.
    if (day > start) await new Promise((resolve) => setTimeout(resolve, deps.paceMs ?? 0));
    const batches: PromSeries[][] = [];
    for (let t = day; t < Math.min(now, day + 6 * HOUR); t += STEP_SECONDS)
      batches.push(kubeSamples(t, start));
    await post(merge(batches));
  }
  deps.timers.every(deps.intervalMs, () => post(kubeSamples(Math.floor(Date.now() / 1000), start)));
}
