import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { apiGet, rangeQuery } from './query-api.ts';
import { at, baseHour, gaugeRow, histogramRow, sumRow } from './telemetry-fixtures.ts';

interface Result {
  name: string;
  agg: string;
  step: string;
  series: Array<{ labels: Record<string, string>; points: Array<{ t: string; v: number | null }> }>;
}

describe('GET /api/v1/metrics/query and /names', () => {
  let cairn: InProcessCairn;
  const base = baseHour();
  const window = rangeQuery(base, at(base, 3));
  const t = (minutes: number) => at(base, minutes).toISOString();

  beforeAll(async () => {
    cairn = await startInProcess();
    const store = cairn.runtime.telemetry;
    const cpu = { name: 'cpu.usage', service: 'api', unit: '1', description: 'CPU share' };
    await store.insert('otel_metrics_gauge', [
      gaugeRow({ ...cpu, time: at(base, 0, 0), value: 0.2, attributes: { host: 'a' } }),
      gaugeRow({ ...cpu, time: at(base, 0, 30), value: 0.4, attributes: { host: 'a' } }),
      gaugeRow({ ...cpu, time: at(base, 1, 0), value: 0.9, attributes: { host: 'a' } }),
      gaugeRow({ ...cpu, time: at(base, 0, 0), value: 0.5, attributes: { host: 'b' } }),
      gaugeRow({ ...cpu, service: 'web', time: at(base, 0, 0), value: 0.7, attributes: { host: 'a' } }),
    ]);
    const requests = {
      name: 'http.requests',
      service: 'api',
      unit: '{request}',
      attributes: { route: '/a' },
    };
    // A cumulative counter: 0 before the range, 60 after minute 0, 180 after minute 1, then a restart.
    await store.insert('otel_metrics_sum', [
      sumRow({ ...requests, time: at(base, -1, 59), value: 0 }),
      sumRow({ ...requests, time: at(base, 0, 59), value: 60 }),
      sumRow({ ...requests, time: at(base, 1, 59), value: 180 }),
      sumRow({ ...requests, time: at(base, 2, 59), value: 30 }),
    ]);
    // A cumulative histogram: bounds 10/100 ms; minute 0 adds 10 observations, minute 1 adds 10 more.
    const latency = { name: 'http.duration', service: 'api', unit: 'ms', bounds: [10, 100] };
    await store.insert('otel_metrics_histogram', [
      histogramRow({ ...latency, time: at(base, -1, 59), counts: [0, 0, 0] }),
      histogramRow({ ...latency, time: at(base, 0, 59), counts: [5, 5, 0] }),
      histogramRow({ ...latency, time: at(base, 1, 59), counts: [5, 10, 5] }),
    ]);
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('averages a gauge per series and step, filtered by service and label', async () => {
    const { status, body } = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=cpu.usage&service=api&step=60s`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      name: 'cpu.usage',
      agg: 'avg',
      step: '60s',
      series: [
        {
          labels: { host: 'a', 'service.name': 'api' },
          points: [
            { t: t(0), v: 0.30000000000000004 },
            { t: t(1), v: 0.9 },
          ],
        },
        { labels: { host: 'b', 'service.name': 'api' }, points: [{ t: t(0), v: 0.5 }] },
      ],
    });
    const hostA = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=cpu.usage&host=a&agg=max&step=5m`,
    );
    expect(hostA.body.series).toEqual([
      { labels: { host: 'a', 'service.name': 'api' }, points: [{ t: t(0), v: 0.9 }] },
      { labels: { host: 'a', 'service.name': 'web' }, points: [{ t: t(0), v: 0.7 }] },
    ]);
    const sum = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=cpu.usage&service=api&host=b&agg=sum`,
    );
    expect(sum.body.series[0]?.points).toEqual([{ t: t(0), v: 0.5 }]);
    const p50 = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=cpu.usage&service=api&host=a&agg=p50&step=5m`,
    );
    expect(p50.body.series[0]?.points).toEqual([{ t: t(0), v: 0.4 }]);
  });

  it('turns a cumulative counter into a per-second rate, treating a drop as a restart', async () => {
    const { body } = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=http.requests&agg=rate&step=60s`,
    );
    expect(body.series).toEqual([
      {
        labels: { route: '/a', 'service.name': 'api' },
        points: [
          { t: t(0), v: 1 },
          { t: t(1), v: 2 },
          { t: t(2), v: 0.5 },
        ],
      },
    ]);
  });

  it('computes percentiles of a histogram from its bucket counts', async () => {
    const p50 = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=http.duration&agg=p50&step=60s`,
    );
    // Minute 0: 10 observations, 5 ≤ 10 ms and 5 in (10, 100]: the median is the 10 ms bound.
    // Minute 1: 10 new ones, 5 in (10, 100] and 5 above 100: rank 5 ends the (10, 100] bucket.
    expect(p50.body.series[0]?.points).toEqual([
      { t: t(0), v: 10 },
      { t: t(1), v: 100 },
    ]);
    const p95 = await apiGet<Result>(
      cairn,
      `/api/v1/metrics/query?${window}&name=http.duration&agg=p95&step=60s`,
    );
    expect(p95.body.series[0]?.points).toEqual([
      { t: t(0), v: 91 },
      { t: t(1), v: 100 },
    ]);
  });

  it('lists metric names with type, unit and description', async () => {
    const { body } = await apiGet(cairn, `/api/v1/metrics/names?${window}&service=api`);
    expect(body).toEqual({
      items: [
        { name: 'cpu.usage', type: 'gauge', unit: '1', description: 'CPU share' },
        { name: 'http.duration', type: 'histogram', unit: 'ms', description: '' },
        { name: 'http.requests', type: 'sum', unit: '{request}', description: '' },
      ],
    });
  });

  it('rejects a missing name, an unknown agg and a repeated label with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['agg=avg', 'query.name: '],
      ['name=x&agg=median', 'query.agg: '],
      ['name=x&host=a&host=b', 'query.host: '],
      ['name=x&from=1700000000000&to=1600000000000', 'query.to: must be after query.from'],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await apiGet<{ error: { message: string } }>(
        cairn,
        `/api/v1/metrics/query?${query}`,
      );
      expect(status, query).toBe(400);
      expect(body.error.message.startsWith(message), `${query}: ${body.error.message}`).toBe(true);
    }
  });
});
