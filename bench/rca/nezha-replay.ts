import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './csv-reader.ts';
import { serviceOfPod } from './nezha-dataset.ts';
import { batchesOf, exportBatches, type OtlpSignal, type OtlpTarget } from './otlp-http-export.ts';
import {
  type GaugePoint,
  gaugesRequest,
  type LogRecord,
  logsRequest,
  type ResourceAttributes,
  SPAN_KIND,
  type SpanRecord,
  tracesRequest,
} from './otlp-json.ts';

/**
 * Replays one day of Nezha telemetry into a Cairn through its OTLP/HTTP ingest (OTLP/JSON), keeping
 * the original timestamps.
 *
 * The dataset is mapped the way an OpenTelemetry Collector would have shipped it: resource attribute
 * service.name is the pod's Deployment, k8s.pod.name the pod; log bodies are the application line
 * inside the container runtime's JSON wrapper, with the severity the line starts with (as a filelog
 * receiver with a regex parser sets it); per-pod resource columns become Gauge data points. Node-level
 * columns are left out: they describe the machine, not the service, and copying them onto every pod
 * on the node would blame all of them for a neighbour's load. Traces carry no status in this dataset,
 * so spans are sent with status Unset; span kinds are derived from the tree (root or called across a
 * service boundary → Server, calling across one → Client, otherwise Internal).
 */
export interface ReplayCounts {
  spans: number;
  logs: number;
  metricPoints: number;
  entryService: string;
}

/** Records per request: a few thousand, at most about 2 MB of OTLP/JSON each. */
const SPANS_PER_REQUEST = 5000;
const LOGS_PER_REQUEST = 2000;
const POINTS_PER_REQUEST = 5000;
/** Cap on a log request's estimated size: a few long stack traces must not push it past the limit. */
const MAX_LOG_REQUEST_CHARS = 4 << 20;
/** An OTLP/JSON log record's size beside its body (ids, time, severity, field names). */
const LOG_RECORD_OVERHEAD_CHARS = 200;
const SEVERITY: Record<string, number> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  FATAL: 21,
};
const NODE_COLUMN = /^Node/;

/** Reads every trace, log and metric file of the day and sends them to `target`; returns counts and the entry service. */
export async function replayDay(
  target: OtlpTarget,
  dirs: readonly string[],
  log: (line: string) => void,
): Promise<ReplayCounts> {
  const resources = createResources();
  const raw = await readSpans(dirs, log);
  const entryService = mostRootSpans(raw);
  const spans = raw.map(toSpanRecord(raw, resources));
  await send(target, 'traces', batchesOf(spans, SPANS_PER_REQUEST), tracesRequest, 'spans', log);
  const logs = await readLogs(dirs, resources, log);
  const logBatches = batchesOf(
    logs,
    LOGS_PER_REQUEST,
    MAX_LOG_REQUEST_CHARS,
    (l) => l.body.length + LOG_RECORD_OVERHEAD_CHARS,
  );
  await send(target, 'logs', logBatches, logsRequest, 'log lines', log);
  const points = await readMetrics(dirs, resources, log);
  await send(target, 'metrics', batchesOf(points, POINTS_PER_REQUEST), gaugesRequest, 'metric points', log);
  return { spans: spans.length, logs: logs.length, metricPoints: points.length, entryService };
}

/**
 * One resource object per source, so a request groups each pod's records under one resource entry.
 * Log lines also name their node (the filelog receiver's k8s attributes), as the direct insert did.
 */
function createResources() {
  const cache = new Map<string, ResourceAttributes>();
  const cached = (key: string, make: () => ResourceAttributes) => {
    let resource = cache.get(key);
    if (!resource) {
      resource = make();
      cache.set(key, resource);
    }
    return resource;
  };
  return {
    ofPod: (pod: string) =>
      cached(`pod\u0000${pod}`, () => ({ 'service.name': serviceOfPod(pod), 'k8s.pod.name': pod })),
    ofLogSource: (pod: string, node: string) =>
      cached(`log\u0000${pod}\u0000${node}`, () => ({
        'service.name': serviceOfPod(pod),
        'k8s.pod.name': pod,
        'k8s.node.name': node,
      })),
  };
}
type Resources = ReturnType<typeof createResources>;

interface RawSpan {
  traceId: string;
  spanId: string;
  parentId: string;
  pod: string;
  service: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
}

function csvFiles(dirs: readonly string[], kind: string): string[] {
  return dirs.flatMap((dir) => {
    const sub = join(dir, kind);
    return existsSync(sub)
      ? readdirSync(sub)
          .filter((name) => name.endsWith('.csv'))
          .sort()
          .map((name) => join(sub, name))
      : [];
  });
}

async function readSpans(dirs: readonly string[], log: (line: string) => void): Promise<RawSpan[]> {
  const byKey = new Map<string, RawSpan>();
  const files = csvFiles(dirs, 'trace');
  log(`converting ${files.length} trace files …`);
  for (const file of files) {
    for await (const r of readCsv(file)) {
      const key = `${r.TraceID}/${r.SpanID}`;
      if (byKey.has(key) || !r.TraceID || !r.SpanID || !r.PodName) continue;
      byKey.set(key, {
        traceId: r.TraceID,
        spanId: r.SpanID,
        parentId: r.ParentID === 'root' ? '' : (r.ParentID ?? ''),
        pod: r.PodName,
        service: serviceOfPod(r.PodName),
        name: r.OperationName ?? '',
        startNs: BigInt(r.StartTimeUnixNano ?? '0'),
        endNs: BigInt(r.EndTimeUnixNano ?? '0'),
      });
    }
  }
  return [...byKey.values()];
}

/** The entry point: the service that starts the most traces (owns the most root spans). */
function mostRootSpans(spans: readonly RawSpan[]): string {
  const counts = new Map<string, number>();
  for (const s of spans) if (s.parentId === '') counts.set(s.service, (counts.get(s.service) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

function toSpanRecord(all: readonly RawSpan[], resources: Resources): (span: RawSpan) => SpanRecord {
  const serviceOf = new Map(all.map((s) => [`${s.traceId}/${s.spanId}`, s.service]));
  const callsOut = new Set<string>();
  for (const s of all) {
    const parent = serviceOf.get(`${s.traceId}/${s.parentId}`);
    if (parent !== undefined && parent !== s.service) callsOut.add(`${s.traceId}/${s.parentId}`);
  }
  return (s) => {
    const parent = serviceOf.get(`${s.traceId}/${s.parentId}`);
    const kind =
      s.parentId === '' || (parent !== undefined && parent !== s.service)
        ? SPAN_KIND.server
        : callsOut.has(`${s.traceId}/${s.spanId}`)
          ? SPAN_KIND.client
          : SPAN_KIND.internal;
    return {
      resource: resources.ofPod(s.pod),
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentId,
      name: s.name,
      kind,
      startNs: s.startNs,
      endNs: s.endNs,
    };
  };
}

async function readLogs(
  dirs: readonly string[],
  resources: Resources,
  log: (line: string) => void,
): Promise<LogRecord[]> {
  const seen = new Set<string>();
  const records: LogRecord[] = [];
  const files = csvFiles(dirs, 'log');
  log(`converting ${files.length} log files …`);
  for (const file of files) {
    for await (const r of readCsv(file)) {
      const body = unwrapBody(r.Log ?? '');
      const ns = logNanos(r.TimeUnixNano ?? '', r.Timestamp ?? '');
      const key = `${ns}/${r.PodName}/${r.SpanID}/${body}`;
      if (seen.has(key) || !r.PodName || ns === undefined) continue;
      seen.add(key);
      const level = /\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/.exec(body.slice(0, 60))?.[1] ?? '';
      records.push({
        resource: resources.ofLogSource(r.PodName, r.Node ?? ''),
        timeNs: ns,
        traceId: r.TraceID ?? '',
        spanId: r.SpanID ?? '',
        severityText: level,
        severityNumber: SEVERITY[level] ?? 0,
        body,
      });
    }
  }
  return records;
}

/**
 * A log line's time in nanoseconds. Some rows carry an overflowed (negative) TimeUnixNano; their
 * RFC 3339 Timestamp column is the same instant, so it is used instead.
 */
function logNanos(unixNano: string, rfc3339: string): bigint | undefined {
  if (/^[1-9][0-9]{9,18}$/.test(unixNano)) return BigInt(unixNano);
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(rfc3339);
  if (!match?.[1]) return undefined;
  const seconds = Date.parse(`${match[1]}Z`) / 1000;
  return BigInt(seconds) * 1_000_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** The container runtime wraps each line as `{"log": "...\n", "stream": ..., "time": ...}`. */
function unwrapBody(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'log' in parsed && typeof parsed.log === 'string') {
      return parsed.log.trimEnd();
    }
  } catch {
    // Not wrapped: the line is the message.
  }
  return text.trimEnd();
}

async function readMetrics(
  dirs: readonly string[],
  resources: Resources,
  log: (line: string) => void,
): Promise<GaugePoint[]> {
  const seen = new Set<string>();
  const points: GaugePoint[] = [];
  // Per-pod files only (`<pod>_metric.csv`); the service-level front-end summary has no pod.
  const files = csvFiles(dirs, 'metric').filter((file) => file.endsWith('_metric.csv'));
  log(`converting ${files.length} metric files …`);
  for (const file of files) {
    for await (const r of readCsv(file)) {
      const pod = r.PodName ?? '';
      const seconds = Number(r.TimeStamp);
      if (pod === '' || !Number.isFinite(seconds) || seen.has(`${pod}/${seconds}`)) continue;
      seen.add(`${pod}/${seconds}`);
      const resource = resources.ofPod(pod);
      const timeNs = BigInt(Math.trunc(seconds)) * 1_000_000_000n;
      for (const [column, text] of Object.entries(r)) {
        if (column === 'Time' || column === 'TimeStamp' || column === 'PodName' || NODE_COLUMN.test(column))
          continue;
        const value = Number(text);
        if (text === '' || !Number.isFinite(value)) continue;
        const [, name = column, unit = ''] = /^(.*?)\((.*)\)$/.exec(column) ?? [];
        points.push({ resource, name, unit, timeNs, value });
      }
    }
  }
  return points;
}

/** Sends `batches` as OTLP/JSON requests of `signal`, logging progress about every 50,000 records. */
async function send<T>(
  target: OtlpTarget,
  signal: OtlpSignal,
  batches: readonly (readonly T[])[],
  encode: (batch: readonly T[]) => object,
  label: string,
  log: (line: string) => void,
): Promise<void> {
  const total = batches.reduce((n, batch) => n + batch.length, 0);
  let logged = 0;
  await exportBatches(target, signal, batches, encode, (stored) => {
    if (stored - logged < 50_000 && stored < total) return;
    logged = stored;
    log(`replaying ${label}: ${stored}/${total}`);
  });
}
