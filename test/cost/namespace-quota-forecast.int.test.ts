import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, type Series, sampled } from './remote-write-series.ts';

// kube-state-metrics' kube_resourcequota for three days, every 300 s, ending at the current hour's
// start so every hour is complete: `used` grows on a straight line, so its run-out is exact.
const GIB = 1024 ** 3;
const DAY = 86_400;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - 3 * DAY;
const lastSample = end - 300;

function quota(
  namespace: string,
  resourcequota: string,
  resource: string,
  type: 'hard' | 'used',
  valueAt: (t: number) => number,
): Series {
  return {
    labels: {
      __name__: 'kube_resourcequota',
      job: 'kube-state-metrics',
      namespace,
      resourcequota,
      resource,
      type,
    },
    samples: sampled(start, end, 300, valueAt),
  };
}

// shop requests.cpu: 4 cores + 1 a day against 10 → runs out 6 days after the start (in ~3 days).
const cpuUsedAt = (t: number) => 4 + (t - start) / DAY;
// shop requests.memory: 8 GiB + 1 a day against 64 → 56 days after the start, past the 30-day horizon.
const memoryUsedAt = (t: number) => 8 * GIB + ((t - start) / DAY) * GIB;
// staging limits.cpu: 2 + 0.5 a day; its hard limit was raised from 4 to 8 after two days → day 12.
const stagingUsedAt = (t: number) => 2 + (0.5 * (t - start)) / DAY;

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn();
  await remoteWrite(cairn.url, cairn.auth, [
    quota('shop', 'compute', 'requests.cpu', 'hard', () => 10),
    quota('shop', 'compute', 'requests.cpu', 'used', cpuUsedAt),
    quota('shop', 'compute', 'requests.memory', 'hard', () => 64 * GIB),
    quota('shop', 'compute', 'requests.memory', 'used', memoryUsedAt),
    quota('shop', 'objects', 'pods', 'hard', () => 50),
    quota('shop', 'objects', 'pods', 'used', () => 20),
    quota('staging', 'compute', 'limits.cpu', 'hard', (t) => (t < start + 2 * DAY ? 4 : 8)),
    quota('staging', 'compute', 'limits.cpu', 'used', stagingUsedAt),
    // A resource with usage and no hard limit has nothing to run out of.
    quota('staging', 'compute', 'services', 'used', () => 3),
  ]);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cairn.url}${path}`, { headers: { authorization: cairn.auth } });
  return { status: response.status, body: (await response.json()) as T };
}

interface Resource {
  id: string;
  kind: string;
  name: string;
  unit: string;
  labels: Record<string, string>;
  limit: number;
  current: number;
  exhaustedAt: string | null;
  daysUntilExhausted: number | null;
  forecast: { method: string };
}

const seconds = (iso: string | null) => (iso === null ? null : Date.parse(iso) / 1000);

describe('namespace quota forecasts from remote-written kube_resourcequota', () => {
  it('forecasts used against hard per namespace, quota and resource, soonest first', async () => {
    const { status, body } = await get<{ resources: Resource[] }>('/api/v1/capacity');
    expect(status).toBe(200);
    expect(body.resources.map((r) => r.id)).toEqual([
      'quota:shop/compute/requests.cpu',
      'quota:staging/compute/limits.cpu',
      'quota:shop/compute/requests.memory',
      'quota:shop/objects/pods',
    ]);
    const [cpu, staging, memory, pods] = body.resources;
    expect(cpu).toMatchObject({
      kind: 'namespace_quota',
      name: 'shop requests.cpu (quota compute)',
      unit: 'cores',
      labels: { namespace: 'shop', resourcequota: 'compute', resource: 'requests.cpu' },
      limit: 10,
      forecast: { method: 'linear' },
    });
    expect(cpu?.current).toBeCloseTo(cpuUsedAt(lastSample), 9);
    // A straight line is forecast exactly: used reaches 10 cores six days after the start.
    expect(seconds(cpu?.exhaustedAt ?? null)).toBeCloseTo(start + 6 * DAY, 0);
    const queriedBefore = Date.now() / 1000;
    expect(cpu?.daysUntilExhausted).toBeGreaterThan((start + 6 * DAY - queriedBefore) / DAY - 0.01);
    expect(cpu?.daysUntilExhausted).toBeLessThanOrEqual((start + 6 * DAY - end) / DAY);

    // The latest hard limit counts: 8 cores, reached at 2 + 0.5 × 12.
    expect(staging?.limit).toBe(8);
    expect(staging?.unit).toBe('cores');
    expect(seconds(staging?.exhaustedAt ?? null)).toBeCloseTo(start + 12 * DAY, 0);

    expect(memory).toMatchObject({
      unit: 'bytes',
      limit: 64 * GIB,
      exhaustedAt: null,
      daysUntilExhausted: null,
    });
    expect(memory?.current).toBe(memoryUsedAt(lastSample));
    expect(pods).toMatchObject({ unit: 'count', limit: 50, current: 20, daysUntilExhausted: null });
  });

  it('raises one warning through the alert intake, for the quota that runs out within 7 days', async () => {
    await cairn.runtime.scheduler.runAllNow();
    const { body } = await get<{
      items: Array<{ source: string; status: string; labels: Record<string, string> }>;
    }>('/api/v1/alerts');
    const forecasts = body.items.filter((a) => a.labels.alertname === 'CapacityExhaustionForecast');
    expect(forecasts).toHaveLength(1);
    expect(forecasts[0]).toMatchObject({
      source: 'capacity',
      status: 'firing',
      labels: {
        severity: 'warning',
        resource: 'quota:shop/compute/requests.cpu',
        kind: 'namespace_quota',
        namespace: 'shop',
      },
    });
  });
});
