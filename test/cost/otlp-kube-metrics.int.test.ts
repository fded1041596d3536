import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Allocation } from '../../src/modules/cost/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';

// The same series a Prometheus would remote-write, sent instead as OTLP/JSON the way an
// OpenTelemetry Collector's Prometheus receiver forwards them: gauges as gauges, the CPU counter
// as a cumulative monotonic sum. One pod for 24 hours, every 300 s.
const GIB = 1024 ** 3;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - 86_400;
const CPU_PRICE = 0.031611;
const RAM_PRICE = 0.004237;

type Attributes = Record<string, string>;
const times = Array.from({ length: 288 }, (_, i) => start + i * 300);
const attributes = (a: Attributes) =>
  Object.entries(a).map(([key, v]) => ({ key, value: { stringValue: v } }));
const points = (a: Attributes, valueAt: (t: number) => number) =>
  times.map((t) => ({
    attributes: attributes(a),
    startTimeUnixNano: `${start}000000000`,
    timeUnixNano: `${t}000000000`,
    asDouble: valueAt(t),
  }));
const gauge = (name: string, a: Attributes, valueAt: (t: number) => number) => ({
  name,
  gauge: { dataPoints: points(a, valueAt) },
});

const id = { namespace: 'shop', pod: 'checkout-0', container: 'app' };
const body = {
  resourceMetrics: [
    {
      resource: { attributes: attributes({ 'service.name': 'kube-state-metrics' }) },
      scopeMetrics: [
        {
          metrics: [
            gauge(
              'kube_pod_labels',
              { namespace: 'shop', pod: 'checkout-0', label_app_kubernetes_io_name: 'checkout' },
              () => 1,
            ),
            gauge(
              'kube_pod_container_resource_requests',
              { ...id, node: 'node-a', resource: 'cpu' },
              () => 0.25,
            ),
            gauge(
              'kube_pod_container_resource_requests',
              { ...id, node: 'node-a', resource: 'memory' },
              () => GIB,
            ),
            gauge('container_memory_working_set_bytes', id, () => 0.5 * GIB),
            gauge('kube_node_status_capacity', { node: 'node-a', resource: 'cpu' }, () => 2),
            gauge('kube_node_status_capacity', { node: 'node-a', resource: 'memory' }, () => 4 * GIB),
            {
              name: 'container_cpu_usage_seconds_total',
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: points(id, (t) => 0.5 * (t - start)),
              },
            },
          ],
        },
      ],
    },
  ],
};

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn();
  const response = await fetch(`${cairn.url}/v1/metrics`, {
    method: 'POST',
    headers: { authorization: cairn.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await cairn?.close();
});

describe('cost allocation from OTLP metrics', () => {
  it('reads the CPU counter from a cumulative sum: usage above the request counts', async () => {
    const response = await fetch(
      `${cairn.url}/api/v1/cost/allocation?window=${start},${end}&aggregate=service`,
      {
        headers: { authorization: cairn.auth },
      },
    );
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, Allocation>[] };
    const checkout = data[0]?.checkout;
    // 0.5 core used against a 0.25 core request: usage counts; memory by its 1 GiB request.
    expect(checkout?.cpuCoreUsageAverage).toBeCloseTo(0.5, 9);
    expect(checkout?.cpuCoreHours).toBeCloseTo(24 * 0.5, 6);
    expect(checkout?.totalCost).toBeCloseTo(24 * 0.5 * CPU_PRICE + 24 * RAM_PRICE, 9);
    expect(data[0]?.__idle__?.totalCost).toBeCloseTo(24 * 1.5 * CPU_PRICE + 24 * 3 * RAM_PRICE, 9);
  });
});
