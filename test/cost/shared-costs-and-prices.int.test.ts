import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Allocation, Recommendation } from '../../src/modules/cost/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, type Series, sampled } from './remote-write-series.ts';

// 24 hours of remote-written kube-state-metrics and cAdvisor series, every 300 s. Every container
// uses less than it requests, so each costs its request × its node's prices, and each figure below
// is a hand computation of OpenCost's rule.
//   node-a: m5.xlarge, on-demand, 4 cores / 16 GiB — priced by its cost.nodePrices entry (0.048, 0.006)
//   node-b: m5.large, spot — CPU from the spot entry (0.015); memory from no entry, so the default
const GIB = 1024 ** 3;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - 86_400;
const A = { cpu: 0.048, ram: 0.006 };
const B = { cpu: 0.015, ram: 0.004237 };

type Allocations = { code: number; data: Record<string, Allocation>[] };

function gauge(name: string, labels: Record<string, string>, valueAt: (t: number) => number): Series {
  return { labels: { __name__: name, ...labels }, samples: sampled(start, end, 300, valueAt) };
}

function pod(namespace: string, name: string, node: string, cpu: number, memoryGiB: number): Series[] {
  const id = { namespace, pod: name, container: 'app' };
  return [
    gauge('kube_pod_labels', { namespace, pod: name, label_app_kubernetes_io_name: name }, () => 1),
    gauge('kube_pod_container_resource_requests', { ...id, node, resource: 'cpu' }, () => cpu),
    gauge('kube_pod_container_resource_requests', { ...id, node, resource: 'memory' }, () => memoryGiB * GIB),
    gauge('container_cpu_usage_seconds_total', id, (t) => 0.1 * (t - start)),
    gauge('container_memory_working_set_bytes', id, () => 0.25 * GIB),
  ];
}

/** 24 hours of a container's request at a node's prices. */
const day = (p: { cpu: number; ram: number }, cpu: number, memoryGiB: number) => ({
  cpu: 24 * cpu * p.cpu,
  ram: 24 * memoryGiB * p.ram,
  total: 24 * (cpu * p.cpu + memoryGiB * p.ram),
});
const web = day(A, 1, 2);
const api = day(A, 2, 4);
const batch = day(B, 1, 2);
const coredns = day(A, 0.5, 1);
const prometheus = day(B, 0.5, 2);
// Idle: node-a 0.5 cores and 9 GiB unrequested, node-b 0.5 cores and 4 GiB.
const idleCpu = 24 * (0.5 * A.cpu + 0.5 * B.cpu);
const idleRam = 24 * (9 * A.ram + 4 * B.ram);

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn({
    config: {
      cost: {
        sharedNamespaces: ['kube-system', 'monitoring'],
        nodePrices: [
          {
            instanceType: 'm5.xlarge',
            capacityType: 'on-demand',
            cpuCoreHourUsd: 0.048,
            ramGiBHourUsd: 0.006,
          },
          { capacityType: 'spot', cpuCoreHourUsd: 0.015 },
        ],
      },
    },
  });
  await remoteWrite(cairn.url, cairn.auth, [
    ...pod('shop', 'web', 'node-a', 1, 2),
    // web's controller is the Deployment web-frontend (its ReplicaSet less the pod-template hash).
    gauge(
      'kube_pod_owner',
      { namespace: 'shop', pod: 'web', owner_kind: 'ReplicaSet', owner_name: 'web-frontend-7d9f8b6c5' },
      () => 1,
    ),
    ...pod('shop', 'api', 'node-a', 2, 4),
    ...pod('shop', 'batch', 'node-b', 1, 2),
    ...pod('kube-system', 'coredns', 'node-a', 0.5, 1),
    ...pod('monitoring', 'prometheus', 'node-b', 0.5, 2),
    gauge('kube_node_status_capacity', { node: 'node-a', resource: 'cpu' }, () => 4),
    gauge('kube_node_status_capacity', { node: 'node-a', resource: 'memory' }, () => 16 * GIB),
    gauge('kube_node_status_capacity', { node: 'node-b', resource: 'cpu' }, () => 2),
    gauge('kube_node_status_capacity', { node: 'node-b', resource: 'memory' }, () => 8 * GIB),
    gauge(
      'kube_node_labels',
      { node: 'node-a', label_node_kubernetes_io_instance_type: 'm5.xlarge' },
      () => 1,
    ),
    gauge(
      'kube_node_labels',
      {
        node: 'node-b',
        label_node_kubernetes_io_instance_type: 'm5.large',
        label_karpenter_sh_capacity_type: 'spot',
      },
      () => 1,
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

async function allocation(query: string): Promise<Record<string, Allocation>> {
  const response = await fetch(
    `${cairn.url}/api/v1/cost/allocation?window=${start},${end}&aggregate=namespace,service${query}`,
    { headers: { authorization: cairn.auth } },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as Allocations;
  expect(body.data).toHaveLength(1);
  return body.data[0] ?? {};
}

/** name → totalCost, rounded to 1e-9 dollars so float noise does not hide a wrong figure. */
const totals = (set: Record<string, Allocation>) =>
  Object.fromEntries(Object.entries(set).map(([name, a]) => [name, Math.round(a.totalCost * 1e9) / 1e9]));
const usd = (v: number) => Math.round(v * 1e9) / 1e9;

describe('node prices: per instance type and spot or on-demand, per resource', () => {
  it('prices each container at its node’s configured prices', async () => {
    const set = await allocation('');
    expect(set['shop/web']?.cpuCost).toBeCloseTo(web.cpu, 9);
    expect(set['shop/web']?.ramCost).toBeCloseTo(web.ram, 9);
    // Spot: CPU from the spot entry, memory from the default (no entry sets a spot memory price).
    expect(set['shop/batch']?.cpuCost).toBeCloseTo(24 * 0.015, 9);
    expect(set['shop/batch']?.ramCost).toBeCloseTo(24 * 2 * 0.004237, 9);
  });
});

describe('shared namespaces (cost.sharedNamespaces: kube-system, monitoring) and idle', () => {
  it('keeps shared namespaces and idle apart by default', async () => {
    expect(totals(await allocation(''))).toEqual({
      'shop/web': usd(web.total),
      'shop/api': usd(api.total),
      'shop/batch': usd(batch.total),
      'kube-system/coredns': usd(coredns.total),
      'monitoring/prometheus': usd(prometheus.total),
      __idle__: usd(idleCpu + idleRam),
    });
  });

  it('spreads them in proportion to each row’s cost (weighted)', async () => {
    const shared = coredns.total + prometheus.total;
    const rows = web.total + api.total + batch.total;
    const set = await allocation('&shareSplit=weighted');
    expect(totals(set)).toEqual({
      'shop/web': usd(web.total * (1 + shared / rows)),
      'shop/api': usd(api.total * (1 + shared / rows)),
      'shop/batch': usd(batch.total * (1 + shared / rows)),
      __idle__: usd(idleCpu + idleRam),
    });
    expect(set['shop/web']?.sharedCost).toBeCloseTo((shared * web.total) / rows, 9);
  });

  it('spreads them evenly over the rows', async () => {
    const third = (coredns.total + prometheus.total) / 3;
    expect(totals(await allocation('&shareSplit=even'))).toEqual({
      'shop/web': usd(web.total + third),
      'shop/api': usd(api.total + third),
      'shop/batch': usd(batch.total + third),
      __idle__: usd(idleCpu + idleRam),
    });
  });

  it('shares only the namespaces a query names, weighted, keeping the others apart', async () => {
    const rows = web.total + api.total + batch.total + coredns.total;
    const k = 1 + prometheus.total / rows;
    expect(totals(await allocation('&shareNamespaces=monitoring'))).toEqual({
      'shop/web': usd(web.total * k),
      'shop/api': usd(api.total * k),
      'shop/batch': usd(batch.total * k),
      'kube-system/coredns': usd(coredns.total * k),
      __idle__: usd(idleCpu + idleRam),
    });
  });

  it('spreads idle CPU by CPU cost and idle memory by memory cost (shareIdle)', async () => {
    const cpu = web.cpu + api.cpu + batch.cpu + coredns.cpu + prometheus.cpu;
    const ram = web.ram + api.ram + batch.ram + coredns.ram + prometheus.ram;
    const withIdle = (c: { cpu: number; ram: number; total: number }) =>
      c.total + (idleCpu * c.cpu) / cpu + (idleRam * c.ram) / ram;
    const set = await allocation('&shareIdle=true');
    expect(totals(set)).toEqual({
      'shop/web': usd(withIdle(web)),
      'shop/api': usd(withIdle(api)),
      'shop/batch': usd(withIdle(batch)),
      'kube-system/coredns': usd(withIdle(coredns)),
      'monitoring/prometheus': usd(withIdle(prometheus)),
    });
    expect(set['shop/batch']?.cpuCost).toBeCloseTo(batch.cpu + (idleCpu * batch.cpu) / cpu, 9);
    // Nothing lost: the rows add up to everything the nodes cost.
    const nodes = 24 * (4 * A.cpu + 16 * A.ram + 2 * B.cpu + 8 * B.ram);
    expect(Object.values(set).reduce((t, a) => t + a.totalCost, 0)).toBeCloseTo(nodes, 9);
  });

  it('leaves idle out when asked (idle=false)', async () => {
    expect(Object.keys(await allocation('&idle=false&shareSplit=even')).sort()).toEqual([
      'shop/api',
      'shop/batch',
      'shop/web',
    ]);
  });
});

describe('right-sizing savings at the node’s prices', () => {
  it('prices a cut on the spot node at spot prices, on the m5.xlarge at its own, per controller', async () => {
    const response = await fetch(`${cairn.url}/api/v1/cost/rightsizing?namespace=shop`, {
      headers: { authorization: cairn.auth },
    });
    expect(response.status).toBe(200);
    const { recommendations } = (await response.json()) as { recommendations: Recommendation[] };
    const of = (service: string) => recommendations.find((r) => r.service === service);
    // Usage 0.1 core and 0.25 GiB: VPA's +15% gives 115 millicores and 295 MiB (rounded up to a MiB).
    for (const service of ['web', 'batch']) {
      expect(of(service)?.recommended.cpuCores).toBeCloseTo(0.115, 6);
      expect(of(service)?.recommended.memoryBytes).toBe(295 * 1024 ** 2);
    }
    expect(of('web')?.workload).toBe('web-frontend');
    expect(of('batch')?.workload).toBe('batch');
    const cutGiB = 2 - 295 / 1024;
    expect(of('web')?.monthlySavingUsd).toBeCloseTo((0.885 * A.cpu + cutGiB * A.ram) * 730, 2);
    expect(of('batch')?.monthlySavingUsd).toBeCloseTo((0.885 * B.cpu + cutGiB * B.ram) * 730, 2);
  });
});
