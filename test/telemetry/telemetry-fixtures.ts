import { randomBytes } from 'node:crypto';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';

/**
 * Builders for rows of the Collector-schema tables with sensible defaults, so a test states only
 * what it is about. Times are Dates (millisecond precision is enough for the tests).
 */

export interface SpanInput {
  traceId: string;
  spanId?: string;
  parentSpanId?: string;
  service: string;
  name?: string;
  kind?: 'Server' | 'Client' | 'Producer' | 'Consumer' | 'Internal';
  start: Date;
  durationMs?: number;
  status?: 'Ok' | 'Error' | 'Unset';
  statusMessage?: string;
  attributes?: Record<string, string>;
  resource?: Record<string, string>;
  events?: Array<{ time: Date; name: string; attributes?: Record<string, string> }>;
}

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A span row; the span id is random unless given. */
export function spanRow(input: SpanInput): Record<string, unknown> {
  const events = input.events ?? [];
  return {
    Timestamp: input.start,
    TraceId: input.traceId,
    SpanId: input.spanId ?? hexId(8),
    ParentSpanId: input.parentSpanId ?? '',
    TraceState: '',
    SpanName: input.name ?? 'op',
    SpanKind: input.kind ?? 'Internal',
    ServiceName: input.service,
    ResourceAttributes: { 'service.name': input.service, ...input.resource },
    ScopeName: 'test',
    ScopeVersion: '1',
    SpanAttributes: input.attributes ?? {},
    Duration: Math.round((input.durationMs ?? 10) * 1e6),
    StatusCode: input.status ?? 'Unset',
    StatusMessage: input.statusMessage ?? '',
    'Events.Timestamp': events.map((e) => e.time),
    'Events.Name': events.map((e) => e.name),
    'Events.Attributes': events.map((e) => e.attributes ?? {}),
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}

export interface LogInput {
  time: Date;
  service: string;
  body: string;
  severityText?: string;
  severityNumber?: number;
  traceId?: string;
  spanId?: string;
  attributes?: Record<string, string>;
  resource?: Record<string, string>;
}

export function logRow(input: LogInput): Record<string, unknown> {
  return {
    Timestamp: input.time,
    TraceId: input.traceId ?? '',
    SpanId: input.spanId ?? '',
    TraceFlags: 0,
    SeverityText: input.severityText ?? 'INFO',
    SeverityNumber: input.severityNumber ?? 9,
    ServiceName: input.service,
    Body: input.body,
    ResourceSchemaUrl: '',
    ResourceAttributes: { 'service.name': input.service, ...input.resource },
    ScopeSchemaUrl: '',
    ScopeName: 'test',
    ScopeVersion: '',
    ScopeAttributes: {},
    LogAttributes: input.attributes ?? {},
  };
}

export interface PointInput {
  name: string;
  service: string;
  time: Date;
  attributes?: Record<string, string>;
  unit?: string;
  description?: string;
}

function pointHead(input: PointInput): Record<string, unknown> {
  return {
    ResourceAttributes: { 'service.name': input.service },
    ServiceName: input.service,
    MetricName: input.name,
    MetricDescription: input.description ?? '',
    MetricUnit: input.unit ?? '',
    Attributes: input.attributes ?? {},
    StartTimeUnix: input.time,
    TimeUnix: input.time,
  };
}

export function gaugeRow(input: PointInput & { value: number }): Record<string, unknown> {
  return { ...pointHead(input), Value: input.value };
}

export function sumRow(input: PointInput & { value: number; temporality?: 1 | 2 }): Record<string, unknown> {
  return {
    ...pointHead(input),
    Value: input.value,
    AggregationTemporality: input.temporality ?? 2,
    IsMonotonic: true,
  };
}

export function histogramRow(
  input: PointInput & { bounds: number[]; counts: number[]; temporality?: 1 | 2 },
): Record<string, unknown> {
  const count = input.counts.reduce((a, b) => a + b, 0);
  return {
    ...pointHead(input),
    Count: count,
    Sum: 0,
    BucketCounts: input.counts,
    ExplicitBounds: input.bounds,
    AggregationTemporality: input.temporality ?? 2,
  };
}

export async function insertSpans(store: TelemetryStore, spans: SpanInput[]): Promise<void> {
  await store.insert('otel_traces', spans.map(spanRow));
}

export async function insertLogs(store: TelemetryStore, logs: LogInput[]): Promise<void> {
  await store.insert('otel_logs', logs.map(logRow));
}

/** A whole hour two hours ago: old enough to be complete, young enough for the tables' TTL. */
export function baseHour(): Date {
  const hour = 3600_000;
  return new Date(Math.floor(Date.now() / hour) * hour - 2 * hour);
}

/** `base` plus minutes and seconds. */
export function at(base: Date, minutes: number, seconds = 0, ms = 0): Date {
  return new Date(base.getTime() + minutes * 60_000 + seconds * 1000 + ms);
}
