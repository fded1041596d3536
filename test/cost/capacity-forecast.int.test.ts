import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, sampled } from './remote-write-series.ts';

const GIB = 1024 ** 3;
const now = Math.floor(Date.now() / 1000);
const start = now - 3 * 86_400;
const SIZE = 100 * GIB;
// Used space grows 0.5 GiB per hour from 20 GiB, with a small wobble that averages out.
const usedAt = (t: number) => 20 * GIB + ((t - start) / 3600) * 0.5 * GIB + Math.sin(t / 977) * 0.05 * GIB;
const lastSample = start + Math.floor((now - start - 1) / 300) * 300;
const trueRunOut = start + ((SIZE - 20 * GIB) / (0.5 * GIB)) * 3600;

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn();
  const disk = {
    instance: 'node-a:9100',
    node: 'node-a',
    mountpoint: '/var/lib/data',
    fstype: 'ext4',
    job: 'node-exporter',
  };
  await remoteWrite(cairn.url, cairn.auth, [
    {
      labels: { __name__: 'node_filesystem_size_bytes', ...disk },
      samples: sampled(start, now, 300, () => SIZE),
    },
    {
      labels: { __name__: 'node_filesystem_avail_bytes', ...disk },
      samples: sampled(start, now, 300, (t) => SIZE - usedAt(t)),
    },
    // A tmpfs is not a disk.
    {
      labels: { __name__: 'node_filesystem_avail_bytes', ...disk, mountpoint: '/run', fstype: 'tmpfs' },
      samples: sampled(start, now, 300, () => 0),
    },
  ]);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cairn.url}${path}`, {
    method,
    headers: { authorization: cairn.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface Resource {
  id: string;
  kind: string;
  limit: number;
  exhaustedAt: string | null;
  daysUntilExhausted: number | null;
  forecast: { method: string; points: number[][] };
}

describe('capacity forecasts', () => {
  it('forecasts a linearly filling disk to run out within 10% of the true time', async () => {
    const { status, body } = await call<{ resources: Resource[] }>('GET', '/api/v1/capacity');
    expect(status).toBe(200);
    expect(body.resources.map((r) => r.id)).toEqual(['disk:node-a:/var/lib/data']);
    const [disk] = body.resources;
    expect(disk?.limit).toBe(SIZE);
    expect(disk?.forecast.method).toBe('linear');
    const forecastAt = Date.parse(disk?.exhaustedAt ?? '') / 1000;
    const trueRemaining = trueRunOut - lastSample;
    expect(Math.abs(forecastAt - trueRunOut) / trueRemaining).toBeLessThan(0.1);
    expect(disk?.daysUntilExhausted).toBeGreaterThan(3);
    expect(disk?.daysUntilExhausted).toBeLessThan(7);
  });

  it('raises a warning through the alert intake when a disk runs out within 7 days', async () => {
    await cairn.runtime.scheduler.runAllNow();
    const { body } = await call<{
      items: Array<{ source: string; labels: Record<string, string>; status: string }>;
    }>('GET', '/api/v1/alerts');
    const alert = body.items.find((a) => a.labels.alertname === 'CapacityExhaustionForecast');
    expect(alert).toMatchObject({
      source: 'capacity',
      status: 'firing',
      labels: { severity: 'warning', resource: 'disk:node-a:/var/lib/data', kind: 'node_disk' },
    });
  });

  it('resolves the alert of a resource that is no longer reported, and keeps the others firing', async () => {
    // A volume that filled up earlier and was then deleted: its alert was raised by an earlier
    // evaluation, and no series of it arrives any more.
    const gone = 'disk:node-b:/var/lib/old';
    await cairn.runtime.alerting.intake.ingest([
      {
        source: 'capacity',
        fingerprint: `capacity:${gone}`,
        status: 'firing',
        labels: {
          alertname: 'CapacityExhaustionForecast',
          severity: 'warning',
          resource: gone,
          kind: 'node_disk',
        },
        annotations: { summary: 'old is forecast to run out in 1.0 days' },
        startsAt: new Date(Date.now() - 3_600_000),
        endsAt: null,
        groupKey: null,
        generatorUrl: null,
      },
    ]);

    await cairn.runtime.scheduler.runAllNow();

    const { body } = await call<{
      items: Array<{ labels: Record<string, string>; status: string; annotations: Record<string, string> }>;
    }>('GET', '/api/v1/alerts');
    const byResource = new Map(
      body.items
        .filter((a) => a.labels.alertname === 'CapacityExhaustionForecast')
        .map((a) => [a.labels.resource, a]),
    );
    expect(byResource.get(gone)?.status).toBe('resolved');
    expect(byResource.get(gone)?.annotations.summary).toBe(
      `${gone} is no longer reported; its forecast alert is resolved`,
    );
    expect(byResource.get('disk:node-a:/var/lib/data')?.status).toBe('firing');
  });

  it('POST /api/v1/forecast: a daily pattern is forecast with its seasonality and a band', async () => {
    const step = 300;
    const t0 = 1_700_000_000 - (1_700_000_000 % 86_400);
    const points: Array<[number, number]> = [];
    for (let t = t0; t < t0 + 7 * 86_400; t += step)
      points.push([t, 100 + 50 * Math.sin((2 * Math.PI * t) / 86_400)]);
    const { status, body } = await call<{ points: number[][]; method: string; seasonalitySeconds: number[] }>(
      'POST',
      '/api/v1/forecast',
      { points, horizonSeconds: 86_400 },
    );
    expect(status).toBe(200);
    expect(body.method).toBe('mstl_ensemble');
    expect(body.seasonalitySeconds).toEqual([86_400]);
    expect(body.points).toHaveLength(288);
    let worst = 0;
    for (const [t = 0, mean = 0, lower = 0, upper = 0] of body.points) {
      worst = Math.max(worst, Math.abs(mean - (100 + 50 * Math.sin((2 * Math.PI * t) / 86_400))));
      expect(lower).toBeLessThanOrEqual(mean);
      expect(upper).toBeGreaterThanOrEqual(mean);
    }
    expect(body.points[0]?.[0]).toBe((points.at(-1)?.[0] ?? 0) + step);
    expect(worst).toBeLessThan(2.5);
  });

  it('names the field on bad forecast input', async () => {
    const bad = await call<unknown>('POST', '/api/v1/forecast', { points: [[1, 2]], horizonSeconds: 60 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('points');
    const badHorizon = await call<unknown>('POST', '/api/v1/forecast', {
      points: [
        [1, 2],
        [2, 3],
        [3, 4],
      ],
      horizonSeconds: -5,
    });
    expect(badHorizon.status).toBe(400);
    expect(JSON.stringify(badHorizon.body)).toContain('horizonSeconds');
  });
});
