import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimers } from '../../src/demo/demo-clock.ts';
import { startKubeMetricsFeed } from '../../src/demo/kube/kube-metrics-feed.ts';
import type { Allocation, Recommendation } from '../../src/modules/cost/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';

let cairn: ListeningCairn;
const timers = createTimers((error) => {
  throw error;
});

beforeAll(async () => {
  const catalog = fileURLToPath(new URL('../../examples/catalog', import.meta.url));
  cairn = await startListeningCairn({ config: { catalog: { sources: [{ type: 'dir', path: catalog }] } } });
  await startKubeMetricsFeed({
    url: cairn.url,
    token: cairn.auth.replace('Bearer ', ''),
    timers,
    historyDays: 8,
    intervalMs: 3_600_000,
    onRejected: (status, body) => {
      throw new Error(`remote write refused: ${status} ${body}`);
    },
  });
}, 240_000);
afterAll(async () => {
  timers.clear();
  await cairn?.close();
});

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${cairn.url}${path}`, { headers: { authorization: cairn.auth } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('cairn demo: the shop cluster series', () => {
  it('costs every shop service and team per day, idle apart', async () => {
    const body = await get<{ data: Record<string, Allocation>[] }>(
      '/api/v1/cost/allocation?window=7d&aggregate=team&step=1d',
    );
    expect(body.data).toHaveLength(7);
    const day = body.data[3] ?? {};
    // coredns (kube-system) has no catalog service, so no team.
    expect(Object.keys(day).sort()).toEqual([
      '__idle__',
      '__unallocated__',
      'team-fulfilment',
      'team-orders',
      'team-storefront',
    ]);
    expect(day.__idle__?.totalCost).toBeGreaterThan(0);
  });

  it('recommends cutting the over-provisioned service and warns about the memory-hungry one', async () => {
    const { recommendations } = await get<{ recommendations: Recommendation[] }>('/api/v1/cost/rightsizing');
    const [top] = recommendations;
    expect(top?.service).toBe('recommendation');
    expect(top?.recommended.cpuCores).toBeLessThan(0.2);
    expect(top?.monthlySavingUsd).toBeGreaterThan(40);
    const cart = recommendations.find((r) => r.service === 'cart');
    expect(cart?.oomKilled).toBe(true);
    expect(cart?.recommended.memoryBytes).toBeGreaterThan(cart?.current.memoryBytes ?? 0);
  });

  it('forecasts the filling disk to run out within a week', async () => {
    const { resources } = await get<{ resources: Array<{ id: string; daysUntilExhausted: number | null }> }>(
      '/api/v1/capacity',
    );
    const disk = resources.find((r) => r.id === 'disk:node-a:/var/lib/data');
    expect(disk?.daysUntilExhausted).toBeGreaterThan(1);
    expect(disk?.daysUntilExhausted).toBeLessThan(7);
  });

  it("lists cart's Redis volume from the kubelet's stats: 20 GiB, filling slowly, nothing running out", async () => {
    const { resources } = await get<{
      resources: Array<{
        id: string;
        kind: string;
        limit: number;
        current: number;
        daysUntilExhausted: number | null;
      }>;
    }>('/api/v1/capacity');
    const volume = resources.find((r) => r.id === 'pvc:shop/cart-redis');
    expect(volume).toMatchObject({ kind: 'pvc_disk', limit: 20 * 1024 ** 3, daysUntilExhausted: null });
    // 6 GiB at the start of the history, 10 MiB an hour since.
    expect(volume?.current).toBeGreaterThan(6 * 1024 ** 3);
    expect(volume?.current).toBeLessThan(6 * 1024 ** 3 + 8 * 24 * 10 * 1024 ** 2 + 1);
  });

  it("lists the shop namespace's quota: the pods' requests against its hard limits, nothing running out", async () => {
    const { resources } = await get<{
      resources: Array<{
        id: string;
        kind: string;
        unit: string;
        limit: number;
        current: number;
        daysUntilExhausted: number | null;
      }>;
    }>('/api/v1/capacity');
    const quota = resources
      .filter((r) => r.kind === 'namespace_quota')
      .map((r) => [r.id, r.unit, r.limit, r.current, r.daysUntilExhausted])
      .sort();
    // 11 pods: frontend twice; 0.5 cores and 512 MiB each, but recommendation's 2 cores and 4 GiB.
    expect(quota).toEqual([
      ['quota:shop/compute/pods', 'count', 20, 11, null],
      ['quota:shop/compute/requests.cpu', 'cores', 10, 7, null],
      ['quota:shop/compute/requests.memory', 'bytes', 12 * 1024 ** 3, 9 * 1024 ** 3, null],
    ]);
  });
});
