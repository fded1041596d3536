import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { readCsv } from './csv-reader.ts';
import { serviceOfPod } from './nezha-dataset.ts';

/**
 * Replays one day of Nezha telemetry into Cairn's otel_* tables, keeping the original timestamps.
 *
 * The dataset is mapped the way an OpenTelemetry Collector would have shipped it: service.name is
 * the pod's Deployment, k8s.pod.name the pod; log bodies are the application line inside the
 * container runtime's JSON wrapper, with the severity the line starts with (as a filelog receiver
 * with a regex parser sets it); per-pod resource columns become gauges. Node-level columns are left
 * out: they describe the machine, not the service, and copying them onto every pod on the node
 * would blame all of them for a neighbour's load. Traces carry no status in this dataset, so spans
 * are written with status Unset; span kinds are derived from the tree (root or called across a
 * service boundary → Server, calling across one → Client, otherwise Internal).
 */
export interface ReplayCounts {
  spans: number;
  logs: number;
  metricPoints: number;
  entryService: string;
}

const CHUNK = 20_000;
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

/** Reads every trace, log and metric file of the day and inserts them; returns counts and the entry service. */
export async function replayDay(
  store: TelemetryStore,
  dirs: readonly string[],
  log: (line: string) => void,
): Promise<ReplayCounts> {
  const spans = await readSpans(dirs, log);
  const entryService = mostRootSpans(spans);
  await insertChunks(store, 'otel_traces', spans.map(toSpanRow(spans)), 'spans', log);
  const logs = await readLogs(dirs, log);
  await insertChunks(store, 'otel_logs', logs, 'log lines', log);
  const points = await readMetrics(dirs, log);
  await insertChunks(store, 'otel_metrics_gauge', points, 'metric points', log);
  return { spans: spans.length, logs: logs.length, metricPoints: points.length, entryService };
}

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

function toSpanRow(all: readonly RawSpan[]): (span: RawSpan) => Record<string, unknown> {
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
        ? 'Server'
        : callsOut.has(`${s.traceId}/${s.spanId}`)
          ? 'Client'
          : 'Internal';
    return {
      Timestamp: nanosText(s.startNs),
      TraceId: s.traceId,
      SpanId: s.spanId,
      ParentSpanId: s.parentId,
      SpanName: s.name,
      SpanKind: kind,
      ServiceName: s.service,
      ResourceAttributes: { 'service.name': s.service, 'k8s.pod.name': s.pod },
      Duration: (s.endNs > s.startNs ? s.endNs - s.startNs : 0n).toString(),
      StatusCode: 'Unset',
    };
  };
}

async function readLogs(
  dirs: readonly string[],
  log: (line: string) => void,
): Promise<Record<string, unknown>[]> {
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
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
      const service = serviceOfPod(r.PodName);
      rows.push({
        Timestamp: nanosText(ns),
        TraceId: r.TraceID ?? '',
        SpanId: r.SpanID ?? '',
        SeverityText: level,
        SeverityNumber: SEVERITY[level] ?? 0,
        ServiceName: service,
        Body: body,
        ResourceAttributes: {
          'service.name': service,
          'k8s.pod.name': r.PodName,
          'k8s.node.name': r.Node ?? '',
        },
      });
    }
  }
  return rows;
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
  log: (line: string) => void,
): Promise<Record<string, unknown>[]> {
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  // Per-pod files only (`<pod>_metric.csv`); the service-level front-end summary has no pod.
  const files = csvFiles(dirs, 'metric').filter((file) => file.endsWith('_metric.csv'));
  log(`converting ${files.length} metric files …`);
  for (const file of files) {
    for await (const r of readCsv(file)) {
      const pod = r.PodName ?? '';
      const seconds = Number(r.TimeStamp);
      if (pod === '' || !Number.isFinite(seconds) || seen.has(`${pod}/${seconds}`)) continue;
      seen.add(`${pod}/${seconds}`);
      const service = serviceOfPod(pod);
      const time = nanosText(BigInt(Math.trunc(seconds)) * 1_000_000_000n);
      for (const [column, text] of Object.entries(r)) {
        if (column === 'Time' || column === 'TimeStamp' || column === 'PodName' || NODE_COLUMN.test(column))
          continue;
        const value = Number(text);
        if (text === '' || !Number.isFinite(value)) continue;
        const [, name = column, unit = ''] = /^(.*?)\((.*)\)$/.exec(column) ?? [];
        rows.push({
          ResourceAttributes: { 'service.name': service, 'k8s.pod.name': pod },
          ServiceName: service,
          MetricName: name,
          MetricUnit: unit,
          StartTimeUnix: time,
          TimeUnix: time,
          Value: value,
        });
      }
    }
  }
  return rows;
}

async function insertChunks(
  store: TelemetryStore,
  table: string,
  rows: readonly Record<string, unknown>[],
  label: string,
  log: (line: string) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await store.insert(table, rows.slice(i, i + CHUNK));
    log(`replaying ${label}: ${Math.min(i + CHUNK, rows.length)}/${rows.length}`);
  }
}

/** Nanoseconds since epoch as ClickHouse DateTime64(9) UTC text. */
function nanosText(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${fraction}`;
}
