import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, sampled } from './remote-write-series.ts';

// Any metric a person picks, remote-written for three days up to the current hour's start. The
// gauges have one sample per hour, at the hour, so each hourly bucket holds exactly its value.
const GIB = 1024 ** 3;
const DAY = 86_400;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - 3 * DAY;
// node-a's free memory falls 1 GiB a day from 16 GiB: it reaches 2 GiB 14 days after the start.
const nodeAFreeAt = (t: number) => 16 * GIB - ((t - start) / DAY) * GIB;

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn();
  const free = (instance: string, valueAt: (t: number) => number) => ({
    labels: { __name__: 'node_memory_MemAvailable_bytes', job: 'node', instance },
    samples: sampled(start, end, 3600, valueAt),
  });
  await remoteWrite(cairn.url, cairn.auth, [
    free('node-a:9100', nodeAFreeAt),
    free('node-b:9100', () => 4 * GIB),
    // A counter at 5 requests a second, sampled every 300 s.
    {
      labels: { __name__: 'http_requests_total', job: 'api', code: '200' },
      samples: sampled(start, end, 300, (t) => 5 * (t - start)),
    },
  ]);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cairn.url}${path}`, { headers: { authorization: cairn.auth } });
  return { status: response.status, body: (await response.json()) as T };
}

interface MetricForecast {
  name: string;
  agg: string;
  limit: number | null;
  stepSeconds: number;
  matchedSeries: number;
  series: Array<{
    labels: Record<string, string>;
    current: number;
    history: Array<[number, number]>;
    forecast: { method: string; points: number[][] };
    reachesLimitAt: string | null;
    daysUntilLimit: number | null;
  }>;
}

describe('GET /api/v1/capacity/metric: a forecast of any metric, by selector', () => {
  it('forecasts each matching series and when it falls to the limit', async () => {
    const selector = encodeURIComponent('node_memory_MemAvailable_bytes');
    const { status, body } = await get<MetricForecast>(
      `/api/v1/capacity/metric?selector=${selector}&limit=${2 * GIB}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'node_memory_MemAvailable_bytes',
      agg: 'avg',
      limit: 2 * GIB,
      stepSeconds: 3600,
      matchedSeries: 2,
    });
    const [a, b] = body.series;
    expect(a?.labels).toMatchObject({ instance: 'node-a:9100', job: 'node' });
    expect(a?.history).toHaveLength(72);
    expect(a?.history[0]).toEqual([start, 16 * GIB]);
    expect(a?.current).toBe(nodeAFreeAt(end - 3600));
    expect(a?.forecast.method).toBe('linear');
    // A straight line is forecast exactly: 2 GiB free 14 days after the start.
    expect(Date.parse(a?.reachesLimitAt ?? '') / 1000).toBeCloseTo(start + 14 * DAY, 0);
    expect(a?.daysUntilLimit).toBeLessThanOrEqual((start + 14 * DAY - end) / DAY);
    expect(a?.daysUntilLimit).toBeGreaterThan((start + 14 * DAY - end) / DAY - 0.05);
    // node-b holds at 4 GiB: it never reaches 2 GiB.
    expect(b?.labels).toMatchObject({ instance: 'node-b:9100' });
    expect(b).toMatchObject({ current: 4 * GIB, reachesLimitAt: null, daysUntilLimit: null });
  });

  it('narrows by label matchers, and reads a counter as its rate', async () => {
    const one = await get<MetricForecast>(
      `/api/v1/capacity/metric?selector=${encodeURIComponent('node_memory_MemAvailable_bytes{instance="node-b:9100"}')}`,
    );
    expect(one.body.matchedSeries).toBe(1);
    expect(one.body.series[0]).toMatchObject({ current: 4 * GIB, reachesLimitAt: null });

    const rate = await get<MetricForecast>(
      `/api/v1/capacity/metric?selector=${encodeURIComponent('http_requests_total{job="api"}')}&agg=rate&limit=10`,
    );
    expect(rate.status).toBe(200);
    const [requests] = rate.body.series;
    expect(requests?.current).toBeCloseTo(5, 9);
    expect(requests?.history.every(([, v]) => Math.abs(v - 5) < 1e-9)).toBe(true);
    expect(requests?.forecast.points.every(([, mean = 0]) => Math.abs(mean - 5) < 1e-6)).toBe(true);
    expect(requests?.reachesLimitAt).toBeNull();
  });

  it('names the field on a bad selector, a missing one, or too small a step', async () => {
    const notEqual = await get<{ message: string }>(
      `/api/v1/capacity/metric?selector=${encodeURIComponent('up{job!="x"}')}`,
    );
    expect(notEqual.status).toBe(400);
    expect(JSON.stringify(notEqual.body)).toContain('selector: only = matchers are supported (job!= is not)');
    const missing = await get('/api/v1/capacity/metric');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('selector');
    const tooFine = await get('/api/v1/capacity/metric?selector=up&historyDays=35&stepMinutes=1');
    expect(tooFine.status).toBe(400);
    expect(JSON.stringify(tooFine.body)).toContain(
      'stepMinutes: 1 gives more than 10000 points over 35 days',
    );
  });
});
