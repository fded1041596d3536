import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/modules/cost/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { remoteWrite, type Series, sampled } from './remote-write-series.ts';

// One over-provisioned checkout pod in namespace `production` for the last 24 hours, every 300 s:
// requests 1 core / 2 GiB, limits 2 cores / 4 GiB, using 0.2 core and 1 GiB. The shipped
// `set-requests` example action (examples/actions) is the default cost.rightsizingAction.
const GIB = 1024 ** 3;
const end = Math.floor(Date.now() / 1000 / 300) * 300;
const start = end - 86_400;
const id = { namespace: 'production', pod: 'checkout-7d9f8b6c5-x2k4q', container: 'app' };

function gauge(name: string, labels: Record<string, string>, valueAt: (t: number) => number): Series {
  return { labels: { __name__: name, ...labels }, samples: sampled(start, end, 300, valueAt) };
}

let cairn: ListeningCairn;

beforeAll(async () => {
  const catalogDir = mkdtempSync(join(tmpdir(), 'cairn-rightsizing-catalog-'));
  writeFileSync(
    join(catalogDir, 'catalog-info.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata: { name: checkout }',
      'spec: { type: service, lifecycle: production, owner: group:team-payments }',
    ].join('\n'),
  );
  cairn = await startListeningCairn({
    config: { catalog: { sources: [{ type: 'dir', path: catalogDir }] } },
  });
  await remoteWrite(cairn.url, cairn.auth, [
    gauge(
      'kube_pod_labels',
      { namespace: id.namespace, pod: id.pod, label_app_kubernetes_io_name: 'checkout' },
      () => 1,
    ),
    gauge('kube_pod_container_resource_requests', { ...id, resource: 'cpu', unit: 'core' }, () => 1),
    gauge('kube_pod_container_resource_requests', { ...id, resource: 'memory', unit: 'byte' }, () => 2 * GIB),
    gauge('kube_pod_container_resource_limits', { ...id, resource: 'cpu', unit: 'core' }, () => 2),
    gauge('kube_pod_container_resource_limits', { ...id, resource: 'memory', unit: 'byte' }, () => 4 * GIB),
    gauge('container_cpu_usage_seconds_total', id, (t) => 1000 + (t - start) * 0.2),
    gauge('container_memory_working_set_bytes', id, () => GIB),
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

async function checkout(): Promise<Recommendation> {
  const { status, body } = await call<{ recommendations: Recommendation[] }>(
    'GET',
    '/api/v1/cost/rightsizing?namespace=production',
  );
  expect(status).toBe(200);
  const found = body.recommendations.find((r) => r.service === 'checkout');
  if (!found) throw new Error(`no recommendation for checkout: ${JSON.stringify(body)}`);
  return found;
}

describe('a right-sizing recommendation becomes an action run', () => {
  it('carries the set-requests action with the recommended values, limits kept in proportion', async () => {
    const r = await checkout();
    // CPU: p90 of 0.2 core × 1.15 = 0.23 core = 230 m.
    // Memory: 1 GiB peak × 1.15 = 1177.6 MiB, rounded up to 1178 MiB.
    // Limits keep their ratio to the request: CPU 2 × 0.23 / 1 = 0.46 core = 460 m;
    // memory 4096 MiB × 1178 / 2048 = 2356 MiB.
    expect(r.limits).toEqual({
      current: { cpuCores: 2, memoryBytes: 4 * GIB },
      recommended: { cpuCores: 0.46, memoryBytes: 2356 * 1024 * 1024 },
    });
    expect(r.action).toEqual({
      id: 'set-requests',
      service: 'checkout',
      inputs: {
        environment: 'production',
        container: 'app',
        cpuMillicores: 230,
        memoryMiB: 1178,
        cpuLimitMillicores: 460,
        memoryLimitMiB: 2356,
      },
    });
  });

  it('starting it creates a run with those inputs, under the action’s guardrails', async () => {
    const r = await checkout();
    if (!r.action) throw new Error('no action on the recommendation');
    const started = await call<{ id: string; state: string; actionId: string; inputs: unknown }>(
      'POST',
      `/api/v1/actions/${r.action.id}/runs`,
      { service: r.action.service, inputs: r.action.inputs },
    );
    expect(started.status).toBe(201);
    expect(started.body.actionId).toBe('set-requests');
    expect(started.body.inputs).toEqual(r.action.inputs);
    // set-requests needs an approval in production: the run waits instead of running.
    expect(started.body.state).toBe('waiting_for_approval');
    const read = await call<{ inputs: unknown; service: string; environment: string }>(
      'GET',
      `/api/v1/runs/${started.body.id}`,
    );
    expect(read.body).toMatchObject({
      service: 'checkout',
      environment: 'production',
      inputs: r.action.inputs,
    });
    const cancelled = await call('POST', `/api/v1/runs/${started.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
  });

  it('refuses values the action’s guardrails do not allow, naming the input', async () => {
    const r = await checkout();
    if (!r.action) throw new Error('no action on the recommendation');
    const belowFloor = await call<{ message: string }>('POST', `/api/v1/actions/${r.action.id}/runs`, {
      service: 'checkout',
      inputs: { ...r.action.inputs, memoryMiB: 100 },
    });
    expect(belowFloor.status).toBe(400);
    expect(JSON.stringify(belowFloor.body)).toContain('body.inputs.memoryMiB');
    const tooLarge = await call('POST', `/api/v1/actions/${r.action.id}/runs`, {
      service: 'checkout',
      inputs: { ...r.action.inputs, cpuMillicores: 32_000 },
    });
    expect(tooLarge.status).toBe(400);
    expect(JSON.stringify(tooLarge.body)).toContain('at most 16 cores per container');
  });
});
