/**
 * A property-based corpus of bad input (fast-check) against one in-process Cairn on a real port:
 * OTLP/JSON and protobuf, Prometheus remote write, every webhook and every JSON API body. For every
 * generated request: no 5xx, the process keeps serving, and when the answer is a 4xx, nothing was
 * stored (row counts of every telemetry table and every state table, before and after).
 * Run counts are small and fixed so the suite stays fast; a failure prints its seed to replay.
 */
import fc from 'fast-check';
import { sql as kyselySql } from 'kysely';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGithubBody } from '../../src/modules/changes/webhook-auth.ts';
import type { RouteDefinition } from '../../src/server/http/route.ts';
import { sql } from '../../src/stores/telemetry/index.ts';
import { type ListeningCairn, startListeningCairn } from '../ingest/ingest-harness.ts';
import { loadBody } from './ingest-load.ts';
import { otlpProtobuf, remoteWriteProtobuf } from './protobuf-bodies.ts';

const GITHUB_SECRET = 'github-secret-for-the-corpus';
const RUNS = 25;

let cairn: ListeningCairn;

beforeAll(async () => {
  cairn = await startListeningCairn({
    config: { integrations: { github: { webhookSecret: GITHUB_SECRET } } },
  });
  // Periodic jobs (incident sweep, SLO evaluation) write on their own schedule; stopped, every
  // write the counts see comes from the requests.
  await cairn.runtime.scheduler.stop();
});
afterAll(async () => {
  await cairn?.close();
});

/**
 * Row counts of every table either store holds: equal fingerprints mean nothing was stored.
 * An accepted alert leaves notification and context work running after its answer; that work
 * is waited for first, so a later request is never blamed for an earlier one's timeline entries.
 */
async function fingerprint(): Promise<Record<string, number>> {
  await cairn.runtime.alerting.drain();
  const [telemetry = {}] = await cairn.runtime.telemetry.query<Record<string, string>>(
    sql`SELECT
      (SELECT count() FROM otel_traces) AS traces,
      (SELECT count() FROM otel_logs) AS logs,
      (SELECT count() FROM otel_metrics_gauge) AS gauge,
      (SELECT count() FROM otel_metrics_sum) AS sum,
      (SELECT count() FROM otel_metrics_histogram) AS histogram,
      (SELECT count() FROM otel_metrics_exponential_histogram) AS exponential,
      (SELECT count() FROM otel_metrics_summary) AS summary`,
  );
  const tables = await kyselySql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(
    cairn.runtime.state.db,
  );
  const counts: Record<string, number> = {};
  for (const [name, n] of Object.entries(telemetry)) counts[`telemetry.${name}`] = Number(n);
  for (const { name } of tables.rows) {
    const counted = await kyselySql<{
      n: number;
    }>`SELECT count(*) AS n FROM ${kyselySql.table(name)}`.execute(cairn.runtime.state.db);
    counts[`state.${name}`] = Number(counted.rows[0]?.n);
  }
  return counts;
}

interface Sent {
  path: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  method?: string;
}

/** Sends one request and checks the contract: no 5xx; a 4xx leaves every store unchanged. */
async function sendAndCheck(request: Sent): Promise<void> {
  // An earlier accepted case may have opened an incident whose page (with its runbook walk) is still
  // being written in the background: let it finish so only this request's writes are compared.
  await cairn.runtime.alerting.drain();
  const before = await fingerprint();
  const response = await fetch(`${cairn.url}${request.path}`, {
    method: request.method ?? 'POST',
    headers: { authorization: cairn.auth, ...request.headers },
    body: request.body,
  });
  const text = await response.text();
  expect(response.status, `${request.path} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(
    500,
  );
  if (response.status >= 400) {
    await cairn.runtime.alerting.drain();
    const after = await fingerprint();
    // Rows only ever leave by TTL, when a merge drops rows an earlier accepted case timestamped
    // in the distant past; a refused request must add none.
    // The audit trail records attempts that failed or were refused, by design (who tried what); a
    // refused request may add those rows, and only those.
    const audited = (after['state.audit_log'] ?? 0) - (before['state.audit_log'] ?? 0);
    if (audited > 0) {
      const newest = await kyselySql<{ outcome: string }>`
        SELECT outcome FROM audit_log ORDER BY at DESC, id DESC LIMIT ${audited}`.execute(
        cairn.runtime.state.db,
      );
      expect(newest.rows.map((row) => row.outcome).filter((outcome) => outcome === 'succeeded')).toEqual([]);
    }
    const changed = Object.keys(after).filter(
      (table) => table !== 'state.audit_log' && (after[table] ?? 0) > (before[table] ?? 0),
    );
    expect(
      changed.map((table) => `${table}: ${before[table]} -> ${after[table]}`),
      `${request.path} answered ${response.status} (${text.slice(0, 200)}) but stored something`,
    ).toEqual([]);
    if (response.headers.get('content-type')?.startsWith('application/json')) {
      expect(JSON.parse(text)).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  }
}

const JSON_CT = { 'content-type': 'application/json' };
const PROTO_CT = { 'content-type': 'application/x-protobuf' };

/** Any JSON value, and JSON values placed where a valid document has its fields. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A valid document with one value replaced, deleted, or retyped at a random path. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, [...path, i]);
    } else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(valid, []);
  return fc.tuple(fc.constantFrom(...paths), anyJson, fc.boolean()).map(([path, replacement, remove]) => {
    const copy: unknown = structuredClone(valid);
    if (path.length === 0) return replacement;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (remove && !Array.isArray(parent)) delete parent[last];
    else parent[last] = replacement;
    return copy;
  });
}

/** Valid bytes with bytes overwritten, cut short or extended with noise. */
function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 512 }),
    fc.integer({ min: 0, max: valid.length }).map((n) => valid.slice(0, n)),
    fc
      .tuple(
        fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(8),
      )
      .map(([at, byte, run]) => {
        const copy = valid.slice();
        for (let i = at; i < Math.min(copy.length, at + run + 1); i++) copy[i] = byte;
        return copy;
      }),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((noise) => new Uint8Array([...valid, ...noise])),
  );
}

describe('bad input never costs a 5xx, a crash or stored data', () => {
  it.each(['traces', 'logs', 'metrics'] as const)('OTLP/JSON %s', async (signal) => {
    const valid: unknown = JSON.parse(loadBody(signal, 'corpus', 'corpus-request', 2));
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, mutated(valid)), (document) =>
        sendAndCheck({ path: `/v1/${signal}`, body: JSON.stringify(document), headers: JSON_CT }),
      ),
      { numRuns: RUNS },
    );
  });

  it.each(['traces', 'logs', 'metrics'] as const)('OTLP/protobuf %s', async (signal) => {
    const valid = otlpProtobuf(signal, 'corpus');
    await fc.assert(
      fc.asyncProperty(mutatedBytes(valid), (bytes) =>
        sendAndCheck({ path: `/v1/${signal}`, body: bytes, headers: PROTO_CT }),
      ),
      { numRuns: RUNS },
    );
  });

  it('gzip-declared bodies that are not gzip, or gzip of garbage', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom(...(['traces', 'logs'] as const)),
        (bytes, signal) =>
          sendAndCheck({
            path: `/v1/${signal}`,
            body: bytes,
            headers: { ...PROTO_CT, 'content-encoding': 'gzip' },
          }),
      ),
      { numRuns: RUNS },
    );
  });

  it('Prometheus remote write: random, truncated and corrupted snappy/protobuf', async () => {
    const validProto = remoteWriteProtobuf();
    const compressed = fc.oneof(
      mutatedBytes(validProto).map((bytes) => snappy.compress(bytes)),
      mutatedBytes(snappy.compress(validProto)),
    );
    await fc.assert(
      fc.asyncProperty(compressed, (bytes) =>
        sendAndCheck({
          path: '/api/v1/write',
          body: bytes,
          headers: {
            ...PROTO_CT,
            'content-encoding': 'snappy',
            'x-prometheus-remote-write-version': '0.1.0',
          },
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('Alertmanager webhook', async () => {
    const valid = {
      version: '4',
      groupKey: '{}:{alertname="HighErrorRate"}',
      status: 'firing',
      receiver: 'cairn',
      groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: { alertname: 'HighErrorRate', service: 'checkout' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
          annotations: { summary: 'errors' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'c0ffee0000000001',
        },
      ],
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, mutated(valid)), (document) =>
        sendAndCheck({
          path: '/api/v1/integrations/alertmanager',
          body: JSON.stringify(document),
          headers: JSON_CT,
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('GitHub webhook, correctly signed, any event and payload', async () => {
    const valid = {
      deployment_status: {
        state: 'success',
        environment: 'production',
        created_at: new Date().toISOString(),
      },
      deployment: { sha: 'a'.repeat(40), ref: 'main', environment: 'production' },
      repository: { full_name: 'acme/cart', name: 'cart' },
    };
    const events = fc.constantFrom(
      'deployment_status',
      'workflow_run',
      'push',
      'release',
      'deployment',
      'ping',
      'issues',
    );
    await fc.assert(
      fc.asyncProperty(events, fc.oneof(anyJson, mutated(valid)), fc.uuid(), (event, document, delivery) => {
        const body = JSON.stringify(document);
        return sendAndCheck({
          path: '/api/v1/integrations/github',
          body,
          headers: {
            ...JSON_CT,
            'x-github-event': event,
            'x-github-delivery': delivery,
            'x-hub-signature-256': signGithubBody(GITHUB_SECRET, body),
          },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    [
      '/api/v1/integrations/argocd',
      { app: 'cart', revision: 'a'.repeat(40), status: 'Succeeded', environment: 'production' },
    ],
    [
      '/api/v1/integrations/jenkins',
      { name: 'cart', build: { number: 1, phase: 'COMPLETED', status: 'SUCCESS' } },
    ],
    ['/api/v1/changes', { service: 'cart', kind: 'deploy', version: '1.2.3', environment: 'production' }],
  ])('%s', async (path, valid) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, mutated(valid)), (document) =>
        sendAndCheck({ path, body: JSON.stringify(document), headers: JSON_CT }),
      ),
      { numRuns: RUNS },
    );
  });

  it('every JSON API body (any route with a body schema), with any JSON and any path parameter', async () => {
    const routes = cairn.runtime.routes.filter(
      (route): route is RouteDefinition =>
        route.body !== undefined && !route.rawBody && route.method !== 'GET',
    );
    expect(routes.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        anyJson,
        fc.string({ maxLength: 20 }),
        (route, document, param) =>
          sendAndCheck({
            method: route.method,
            path: route.url.replaceAll(/:[A-Za-z]+/g, encodeURIComponent(param) || 'x'),
            body: JSON.stringify(document),
            headers: JSON_CT,
          }),
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('still serves, and takes valid data, after the corpus', async () => {
    expect((await fetch(`${cairn.url}/healthz`)).status).toBe(200);
    const response = await fetch(`${cairn.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, ...JSON_CT },
      body: loadBody('traces', 'after-corpus', 'after', 3),
    });
    expect(response.status).toBe(200);
  });
});
