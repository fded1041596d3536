import { describe, expect, it } from 'vitest';
import { CostConfigSchema } from '../../kernel/config-schema.ts';
import { computeAllocations } from './allocation.ts';
import type { ContainerHour, HourlyFacts } from './hourly-facts.ts';
import { parseWindow, splitWindow } from './window.ts';

const GIB = 1024 ** 3;
const settings = CostConfigSchema.parse({
  nodePrices: [{ capacityType: 'spot', cpuCoreHourUsd: 0.01 }],
});

function container(namespace: string, pod: string, node: string, cpu: number): ContainerHour {
  return {
    namespace,
    pod,
    container: 'app',
    node,
    hour: 0,
    cpuRequestCores: cpu,
    cpuUsageCores: 0,
    ramRequestBytes: GIB,
    ramUsageBytes: 0,
    gpuRequest: 0,
  };
}

// One hour: shop/a (1 core) and shop/b (3 cores) on an on-demand node, kube-system/dns (1 core) on a spot node.
const facts: HourlyFacts = {
  containers: [
    container('shop', 'a', 'n1', 1),
    container('shop', 'b', 'n1', 3),
    container('kube-system', 'dns', 'n2', 1),
  ],
  nodes: [
    { node: 'n1', hour: 0, cpuCores: 4, ramBytes: 2 * GIB, gpus: 0, labels: {} },
    {
      node: 'n2',
      hour: 0,
      cpuCores: 2,
      ramBytes: GIB,
      gpus: 0,
      labels: { label_karpenter_sh_capacity_type: 'spot' },
    },
  ],
  pvcs: [],
  podLabels: new Map(),
};
const base = {
  aggregate: ['pod'],
  windows: [{ start: 0, end: 3600 }],
  includeIdle: true,
  shareIdle: false,
  sharedNamespaces: ['kube-system'],
  settings,
  ownerOf: () => ({ service: null, team: null, system: null }),
};
const RAM = 0.004237;
const CPU = 0.031611;

describe('computeAllocations', () => {
  it('prices spot nodes by cost.nodePrices and keeps shared namespaces apart by default', () => {
    const [set = {}] = computeAllocations(facts, { ...base, shareSplit: 'none' });
    expect(set.dns?.cpuCost).toBeCloseTo(0.01, 10);
    expect(set.a?.totalCost).toBeCloseTo(CPU + RAM, 10);
    // Idle: n2 has 1 spare core at the spot price; memory is fully requested on both nodes.
    expect(set.__idle__?.cpuCost).toBeCloseTo(0.01, 10);
    expect(set.__idle__?.ramCost).toBeCloseTo(0, 10);
  });

  it('spreads shared namespaces in proportion to cost, or evenly', () => {
    const dnsUsd = 0.01 + RAM;
    const [weighted = {}] = computeAllocations(facts, { ...base, shareSplit: 'weighted' });
    expect(weighted.dns).toBeUndefined();
    const a = CPU + RAM;
    const b = 3 * CPU + RAM;
    expect(weighted.a?.sharedCost).toBeCloseTo((dnsUsd * a) / (a + b), 10);
    expect(weighted.b?.totalCost).toBeCloseTo(b + (dnsUsd * b) / (a + b), 10);
    const [even = {}] = computeAllocations(facts, { ...base, shareSplit: 'even' });
    expect(even.a?.sharedCost).toBeCloseTo(dnsUsd / 2, 10);
    expect(even.b?.sharedCost).toBeCloseTo(dnsUsd / 2, 10);
  });
});

describe('OpenCost windows', () => {
  const now = Date.UTC(2026, 11, 6, 5, 30) / 1000;
  it('reads durations, keywords and pairs, widened to whole hours', () => {
    const hourEnd = Date.UTC(2026, 11, 6, 6) / 1000;
    expect(parseWindow('24h', now)).toEqual({ start: hourEnd - 86_400, end: hourEnd });
    expect(parseWindow('yesterday', now)).toEqual({
      start: Date.UTC(2026, 11, 5) / 1000,
      end: Date.UTC(2026, 11, 6) / 1000,
    });
    expect(parseWindow('2026-12-01T00:10:00Z,2026-12-02T00:00:00Z', now)).toEqual({
      start: Date.UTC(2026, 11, 1) / 1000,
      end: Date.UTC(2026, 11, 2) / 1000,
    });
    expect(splitWindow({ start: 0, end: 86_400 }, '6h')).toHaveLength(4);
  });

  it('names the field of a bad window or step', () => {
    expect(() => parseWindow('soon', now)).toThrow(/^window:/);
    expect(() => parseWindow('100,50', now)).toThrow(/^window: the end must be after the start/);
    expect(() => splitWindow({ start: 0, end: 86_400 }, '90m')).toThrow(/^step:/);
  });
});
