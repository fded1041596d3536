import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Allocation, Recommendation } from '../../src/modules/cost/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, type Series, sampled } from './remote-write-series.ts';

// Three pods on one node for the 24 hours before the current hour, every 300 s, sent as a real
// Prometheus would: protobuf + snappy through POST /api/v1/write.
type Allocations = { code: number; data: Record<string, Allocation>[] };
type Rightsizing = { recommendations: Recommendation[] };
/** The allocation `name` in step `step`, or a failure naming it. */
function row(body: Allocations, name: string, step = 0): Allocation {
  const allocation = body.data[step]?.[name];
  if (!allocation)
    throw new Error(
      `no allocation ${name} in step ${step}: ${JSON.stringify(Object.keys(body.data[step] ?? {}))}`,
    );
  return allocation;
}
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const STEP = 300;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - 86_400;
const CPU_PRICE = 0.031611;
const RAM_PRICE = 0.004237;
const STORAGE_PRICE = 0.00005479452;

let cairn: ListeningCairn;

function gauge(name: string, labels: Record<string, string>, valueAt: (t: number) => number): Series {
  return {
    labels: { __name__: name, job: 'kube-state-metrics', ...labels },
    samples: sampled(start, end, STEP, valueAt),
  };
}

/** A pod: its labels, requests, constant CPU usage (a counter) and memory usage. */
function pod(p: {
  name: string;
  labels: Record<string, string>;
  cpuRequest: number;
  memRequest: number;
  cpuUsage: number;
  memUsage: (t: number) => number;
}): Series[] {
  const id = { namespace: 'shop', pod: p.name, container: 'app' };
  return [
    gauge('kube_pod_labels', { namespace: 'shop', pod: p.name, ...p.labels }, () => 1),
    gauge('kube_pod_info', { namespace: 'shop', pod: p.name, node: 'node-a' }, () => 1),
    gauge(
      'kube_pod_container_resource_requests',
      { ...id, node: 'node-a', resource: 'cpu', unit: 'core' },
      () => p.cpuRequest,
    ),
    gauge(
      'kube_pod_container_resource_requests',
      { ...id, node: 'node-a', resource: 'memory', unit: 'byte' },
      () => p.memRequest,
    ),
    gauge('container_cpu_usage_seconds_total', id, (t) => 1000 + (t - start) * p.cpuUsage),
    gauge('container_memory_working_set_bytes', id, p.memUsage),
    // cAdvisor's pod-level cgroup: not a container, must not count.
    gauge(
      'container_memory_working_set_bytes',
      { namespace: 'shop', pod: p.name, container: '' },
      () => 64 * GIB,
    ),
  ];
}

beforeAll(async () => {
  const catalogDir = mkdtempSync(join(tmpdir(), 'cairn-cost-catalog-'));
  const component = (name: string, owner: string, annotations: Record<string, string> = {}) =>
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      `metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }`,
      `spec: { type: service, lifecycle: production, owner: group:${owner}, system: shop }`,
    ].join('\n');
  writeFileSync(
    join(catalogDir, 'catalog-info.yaml'),
    [
      component('checkout', 'team-payments'),
      component('search', 'team-discovery', { 'backstage.io/kubernetes-id': 'search-k8s' }),
      component('recommendations', 'team-discovery'),
    ].join('\n---\n'),
  );
  cairn = await startListeningCairn({
    config: { catalog: { sources: [{ type: 'dir', path: catalogDir }] } },
  });
  const halfDay = start + 43_200;
  await remoteWrite(cairn.url, cairn.auth, [
    // Over-provisioned: requests 1 core / 2 GiB, uses 0.2 core / 1 GiB.
    ...pod({
      name: 'checkout-7d9f8b6c5-x2k4q',
      labels: { label_app_kubernetes_io_name: 'checkout' },
      cpuRequest: 1,
      memRequest: 2 * GIB,
      cpuUsage: 0.2,
      memUsage: () => GIB,
    }),
    // Uses more than it requests: usage counts. Claimed by the catalog through its kubernetes-id.
    ...pod({
      name: 'search-5c8d7f9b4-abcde',
      labels: { label_backstage_io_kubernetes_id: 'search-k8s', label_app_kubernetes_io_name: 'not-search' },
      cpuRequest: 0.5,
      memRequest: GIB,
      cpuUsage: 0.8,
      memUsage: () => 1.5 * GIB,
    }),
    // Memory usage above its request for the second half of the day, and an OOM kill.
    ...pod({
      name: 'recommendations-0',
      labels: { label_app_kubernetes_io_name: 'recommendations' },
      cpuRequest: 0.25,
      memRequest: 512 * MIB,
      cpuUsage: 0.1,
      memUsage: (t) => (t < halfDay ? 256 * MIB : 768 * MIB),
    }),
    gauge(
      'kube_pod_container_status_last_terminated_reason',
      { namespace: 'shop', pod: 'recommendations-0', container: 'app', reason: 'OOMKilled' },
      () => 1,
    ),
    gauge('kube_node_status_capacity', { node: 'node-a', resource: 'cpu', unit: 'core' }, () => 4),
    gauge('kube_node_status_capacity', { node: 'node-a', resource: 'memory', unit: 'byte' }, () => 8 * GIB),
    gauge(
      'kube_node_labels',
      { node: 'node-a', label_node_kubernetes_io_instance_type: 'm5.xlarge' },
      () => 1,
    ),
    gauge(
      'kube_persistentvolumeclaim_resource_requests_storage_bytes',
      { namespace: 'shop', persistentvolumeclaim: 'search-index' },
      () => 10 * GIB,
    ),
    gauge(
      'kube_pod_spec_volumes_persistentvolumeclaims_info',
      {
        namespace: 'shop',
        pod: 'search-5c8d7f9b4-abcde',
        volume: 'index',
        persistentvolumeclaim: 'search-index',
      },
      () => 1,
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

async function get<T = unknown>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cairn.url}${path}`, { headers: { authorization: cairn.auth } });
  return { status: response.status, body: (await response.json()) as T };
}

// Hand-computed, OpenCost's rule: per hour max(request, usage) × price, 24 hours.
const checkoutUsd = 24 * 1 * CPU_PRICE + 24 * 2 * RAM_PRICE;
const searchUsd = 24 * 0.8 * CPU_PRICE + 24 * 1.5 * RAM_PRICE + 24 * 10 * STORAGE_PRICE;
const recommendationsUsd = 24 * 0.25 * CPU_PRICE + (12 * 0.5 + 12 * 0.75) * RAM_PRICE;
const idleCpuCoreHours = 24 * 4 - 24 * (1 + 0.8 + 0.25);
const idleRamGiBHours = 24 * 8 - (24 * 2 + 24 * 1.5 + 12 * 0.5 + 12 * 0.75);
const idleUsd = idleCpuCoreHours * CPU_PRICE + idleRamGiBHours * RAM_PRICE;

describe('cost allocation from remote-written kube-state-metrics and cAdvisor series', () => {
  it('allocates per service as OpenCost does, idle included', async () => {
    const { status, body } = await get<Allocations>(
      `/api/v1/cost/allocation?window=${start},${end}&aggregate=service`,
    );
    expect(status).toBe(200);
    expect(body.code).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual([
      '__idle__',
      'checkout',
      'recommendations',
      'search',
    ]);
    expect(row(body, 'checkout').totalCost).toBeCloseTo(checkoutUsd, 4);
    expect(Math.abs(row(body, 'checkout').totalCost / checkoutUsd - 1)).toBeLessThan(0.01);
    expect(Math.abs(row(body, 'search').totalCost / searchUsd - 1)).toBeLessThan(0.01);
    expect(Math.abs(row(body, 'recommendations').totalCost / recommendationsUsd - 1)).toBeLessThan(0.01);
    expect(Math.abs(row(body, '__idle__').totalCost / idleUsd - 1)).toBeLessThan(0.01);
    expect(row(body, 'search').pvCost).toBeCloseTo(24 * 10 * STORAGE_PRICE, 8);
    expect(row(body, 'checkout').cpuCoreRequestAverage).toBeCloseTo(1, 6);
    expect(row(body, 'checkout').cpuCoreUsageAverage).toBeCloseTo(0.2, 3);
    expect(row(body, 'checkout').cpuEfficiency).toBeCloseTo(0.2, 3);
    expect(row(body, 'checkout').ramByteUsageAverage).toBeCloseTo(GIB, 0);
    expect(row(body, 'checkout').minutes).toBe(24 * 60);
    expect(row(body, 'checkout').window).toEqual({
      start: new Date(start * 1000).toISOString(),
      end: new Date(end * 1000).toISOString(),
    });
    expect(row(body, 'checkout').properties).toMatchObject({
      namespace: 'shop',
      service: 'checkout',
      team: 'team-payments',
    });
  });

  it('allocates per team through the catalog owner, and steps per 12 hours', async () => {
    const { body } = await get<Allocations>(`/api/v1/cost/allocation?window=${start},${end}&aggregate=team`);
    expect(Math.abs(row(body, 'team-payments').totalCost / checkoutUsd - 1)).toBeLessThan(0.01);
    expect(
      Math.abs(row(body, 'team-discovery').totalCost / (searchUsd + recommendationsUsd) - 1),
    ).toBeLessThan(0.01);

    const stepped = await get<Allocations>(
      `/api/v1/cost/allocation?window=${start},${end}&aggregate=namespace&step=12h`,
    );
    expect(stepped.body.data).toHaveLength(2);
    const [first, second] = [row(stepped.body, 'shop', 0), row(stepped.body, 'shop', 1)];
    const shop = first.totalCost + second.totalCost;
    expect(Math.abs(shop / (checkoutUsd + searchUsd + recommendationsUsd) - 1)).toBeLessThan(0.01);
    // The memory-hungry half-day: recommendations' memory grows from its 512 MiB request to 768 MiB usage.
    expect(second.ramCost - first.ramCost).toBeCloseTo(12 * 0.25 * RAM_PRICE, 4);
  });

  it('spreads idle over the rows when asked, keeping the total', async () => {
    const { body } = await get<Allocations>(
      `/api/v1/cost/allocation?window=${start},${end}&aggregate=service&shareIdle=true`,
    );
    expect(body.data[0]?.__idle__).toBeUndefined();
    const total = Object.values(body.data[0] ?? {}).reduce((t, a) => t + a.totalCost, 0);
    expect(Math.abs(total / (checkoutUsd + searchUsd + recommendationsUsd + idleUsd) - 1)).toBeLessThan(0.01);
  });

  it('recommends a smaller request for the over-provisioned container, with its saving', async () => {
    const { status, body } = await get<Rightsizing>('/api/v1/cost/rightsizing?namespace=shop');
    expect(status).toBe(200);
    const checkout = body.recommendations.find((r) => r.service === 'checkout');
    if (!checkout) throw new Error('no recommendation for checkout');
    expect(checkout.current).toEqual({ cpuCores: 1, memoryBytes: 2 * GIB });
    // VPA: p90 of usage + 15%: 0.2 × 1.15 = 0.23 cores; memory peak 1 GiB × 1.15, rounded up to a MiB.
    expect(checkout.recommended.cpuCores).toBeCloseTo(0.23, 3);
    expect(checkout.recommended.memoryBytes).toBe(Math.ceil((1.15 * GIB) / MIB) * MIB);
    const saving =
      ((1 - 0.23) * CPU_PRICE + ((2 * GIB - Math.ceil((1.15 * GIB) / MIB) * MIB) / GIB) * RAM_PRICE) * 730;
    expect(checkout.monthlySavingUsd).toBeCloseTo(saving, 1);
    expect(checkout.warnings).toEqual([]);

    // OOM-killed: memory raised to 1.2 × the 768 MiB it reached, never cut.
    const recommendations = body.recommendations.find((r) => r.service === 'recommendations');
    if (!recommendations) throw new Error('no recommendation for recommendations');
    expect(recommendations.oomKilled).toBe(true);
    expect(recommendations.recommended.memoryBytes).toBe(Math.ceil((768 * 1.2 * MIB) / MIB) * MIB);
    expect(recommendations.warnings.join(' ')).toContain('OOM');
  });

  it('names the field on bad input', async () => {
    const bad = await get('/api/v1/cost/allocation?window=soon');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('window');
    const badAggregate = await get('/api/v1/cost/allocation?aggregate=planet');
    expect(badAggregate.status).toBe(400);
    expect(JSON.stringify(badAggregate.body)).toContain('aggregate');
    const badStep = await get('/api/v1/cost/allocation?window=1d&step=5m');
    expect(badStep.status).toBe(400);
    expect(JSON.stringify(badStep.body)).toContain('step');
  });
});
