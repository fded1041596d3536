/**
 * A bounded OTLP/JSON load on loopback for the overload and durability checks: senders post
 * spans, log records and gauge points, each request tagged with its own id (the resource
 * attribute `load.request`), and remember which requests were acknowledged. The store is then
 * counted per request id, so "every acknowledged record is stored" is checked exactly.
 */
import { randomBytes } from 'node:crypto';
import { ident, sql, type TelemetryStore } from '../../src/stores/telemetry/index.ts';

export type LoadSignal = 'traces' | 'logs' | 'metrics';
export const LOAD_SIGNALS: LoadSignal[] = ['traces', 'logs', 'metrics'];

const TABLES: Record<LoadSignal, string> = {
  traces: 'otel_traces',
  logs: 'otel_logs',
  metrics: 'otel_metrics_gauge',
};

export interface LoadOptions {
  url: string;
  /** `Authorization` header value. */
  auth: string;
  service: string;
  senders: number;
  recordsPerRequest: number;
  /** Senders stop starting requests once this is true (checked before each request). */
  stop: () => boolean;
  /** Hard cap on requests per sender, so a load is bounded in count as well as time. */
  maxRequestsPerSender: number;
  /** Wait as long as a 503's Retry-After says before the next request, as OTLP senders do. */
  honorRetryAfter?: boolean;
  /** Called with each answer's status (`failed` when none came). */
  onAnswer?: (status: string) => void;
}

export interface LoadResult {
  /** Request ids answered 2xx, per signal. */
  acknowledged: Record<LoadSignal, Set<string>>;
  /** Every request id sent (answered or not), per signal. */
  sent: Record<LoadSignal, Set<string>>;
  /** Answers by status; `failed` counts requests with no answer (connection refused or cut). */
  statuses: Record<string, number>;
  /** Every 503 carried Retry-After. */
  retryAfterOnEvery503: boolean;
  requests: number;
  elapsedMs: number;
}

/** Runs the load until `stop()` or the request cap; never throws for a failed request. */
export async function runIngestLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    acknowledged: { traces: new Set(), logs: new Set(), metrics: new Set() },
    sent: { traces: new Set(), logs: new Set(), metrics: new Set() },
    statuses: {},
    retryAfterOnEvery503: true,
    requests: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.senders }, async (_, sender) => {
      for (let r = 0; r < options.maxRequestsPerSender && !options.stop(); r++) {
        const signal = LOAD_SIGNALS[(sender + r) % LOAD_SIGNALS.length] ?? 'traces';
        const id = `${sender}-${r}-${randomBytes(3).toString('hex')}`;
        result.sent[signal].add(id);
        result.requests++;
        let retryAfterMs = 0;
        const status = await fetch(`${options.url}/v1/${signal}`, {
          method: 'POST',
          headers: { authorization: options.auth, 'content-type': 'application/json' },
          body: loadBody(signal, options.service, id, options.recordsPerRequest),
        }).then(
          async (response) => {
            await response.arrayBuffer();
            const retryAfter = response.headers.get('retry-after');
            if (response.status === 503 && !retryAfter) result.retryAfterOnEvery503 = false;
            if (response.status === 503) retryAfterMs = Number(retryAfter ?? 0) * 1000;
            return String(response.status);
          },
          () => 'failed',
        );
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        options.onAnswer?.(status);
        // Waits in short steps so that a stopped load does not linger on a Retry-After.
        const resumeAt = performance.now() + (options.honorRetryAfter ? retryAfterMs : 0);
        while (performance.now() < resumeAt && !options.stop()) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (status.startsWith('2')) result.acknowledged[signal].add(id);
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  return result;
}

/** One OTLP/JSON export of `records` spans, log records or gauge points, tagged with `requestId`. */
export function loadBody(signal: LoadSignal, service: string, requestId: string, records: number): string {
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: service } },
      { key: 'load.request', value: { stringValue: requestId } },
    ],
  };
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const indexes = Array.from({ length: records }, (_, i) => i);
  switch (signal) {
    case 'traces': {
      const traceId = randomBytes(16).toString('hex');
      const spans = indexes.map((i) => ({
        traceId,
        spanId: randomBytes(8).toString('hex'),
        name: `load-${i}`,
        kind: 2,
        startTimeUnixNano: String(nowNs - 5_000_000n),
        endTimeUnixNano: String(nowNs),
      }));
      return JSON.stringify({
        resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'load' }, spans }] }],
      });
    }
    case 'logs': {
      const logRecords = indexes.map((i) => ({
        timeUnixNano: String(nowNs),
        severityNumber: 9,
        severityText: 'INFO',
        body: { stringValue: `load record ${i} of ${requestId}` },
      }));
      return JSON.stringify({
        resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'load' }, logRecords }] }],
      });
    }
    case 'metrics': {
      const dataPoints = indexes.map((i) => ({
        timeUnixNano: String(nowNs),
        asDouble: i,
        attributes: [{ key: 'point', value: { intValue: String(i) } }],
      }));
      return JSON.stringify({
        resourceMetrics: [
          {
            resource,
            scopeMetrics: [
              { scope: { name: 'load' }, metrics: [{ name: 'load_points', gauge: { dataPoints } }] },
            ],
          },
        ],
      });
    }
  }
}

/** Stored records per request id, per signal, for `service`. */
export async function countStoredByRequest(
  telemetry: TelemetryStore,
  service: string,
): Promise<Record<LoadSignal, Map<string, number>>> {
  const counts = { traces: new Map(), logs: new Map(), metrics: new Map() } as Record<
    LoadSignal,
    Map<string, number>
  >;
  for (const signal of LOAD_SIGNALS) {
    const rows = await telemetry.query<{ id: string; n: number }>(
      sql`SELECT ResourceAttributes['load.request'] AS id, toUInt32(count()) AS n
          FROM ${ident(TABLES[signal])} WHERE ServiceName = ${service} GROUP BY id`,
    );
    for (const row of rows) counts[signal].set(row.id, Number(row.n));
  }
  return counts;
}

export interface DurabilityCheck {
  signal: LoadSignal;
  /** Records the sender was told were stored. */
  acknowledgedRecords: number;
  /** Of those, records found. */
  acknowledgedFound: number;
  /** Requests found with some but not all of their records (must be 0). */
  partialRequests: number;
  /** Records found that belong to requests never answered 2xx (answers lost in flight). */
  unacknowledgedFound: number;
}

/** Compares what was acknowledged with what is stored, per signal. */
export function checkStored(
  load: LoadResult,
  stored: Record<LoadSignal, Map<string, number>>,
  recordsPerRequest: number,
): DurabilityCheck[] {
  return LOAD_SIGNALS.map((signal) => {
    const found = stored[signal];
    let acknowledgedFound = 0;
    for (const id of load.acknowledged[signal])
      acknowledgedFound += Math.min(found.get(id) ?? 0, recordsPerRequest);
    let partialRequests = 0;
    let unacknowledgedFound = 0;
    for (const [id, n] of found) {
      if (n !== recordsPerRequest) partialRequests++;
      if (!load.acknowledged[signal].has(id)) unacknowledgedFound += n;
    }
    return {
      signal,
      acknowledgedRecords: load.acknowledged[signal].size * recordsPerRequest,
      acknowledgedFound,
      partialRequests,
      unacknowledgedFound,
    };
  });
}
