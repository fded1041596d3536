import { JSON_READY } from '../../../stores/telemetry/index.ts';
import type { LogsRequest, ResourceModel, ScopeModel, SpanModel, TracesRequest } from './otlp-model.ts';
import { checkId, checkUnixNanos, formatUnixNanos } from './row-values.ts';

/** Rows for one table, and the records that could not become rows, with why. */
export interface RowSet {
  rows: Record<string, unknown>[];
  rejected: number;
  /** The first few rejection reasons, each prefixed with the record's path. */
  reasons: string[];
}

/** A table's rows as JSONEachRow bytes, with the records refused and why. */
export interface EncodedRows {
  text: Uint8Array;
  rows: number;
  rejected: number;
  /** The first few rejection reasons, each prefixed with the record's path. */
  reasons: string[];
}

/** How many rejection reasons a response quotes; the count covers the rest. */
export const MAX_REASONS = 3;

export function newRowSet(): RowSet {
  return { rows: [], rejected: 0, reasons: [] };
}

/** Records a rejected record at `path`. */
export function reject(set: RowSet, path: string, reason: string): void {
  set.rejected++;
  if (set.reasons.length < MAX_REASONS) set.reasons.push(`${path}.${reason}`);
}

/** The empty array column value; frozen, as many rows share it. */
const NONE: readonly never[] = Object.freeze([]);

/** pdata `SpanKind.String()`, which the exporter stores. */
export const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
/** pdata `StatusCode.String()`. */
export const STATUS_CODES = ['Unset', 'Ok', 'Error'];

/** ServiceName as the exporter derives it: the resource's `service.name`, else empty. */
export function serviceNameOf(resource: ResourceModel): string {
  return resource.attributes['service.name'] ?? '';
}

/** Maps spans to otel_traces rows the way the clickhouseexporter does; invalid spans are rejected. */
export function spanRows(request: TracesRequest): RowSet {
  const set = newRowSet();
  request.forEach((group, ri) => {
    const serviceName = serviceNameOf(group.resource);
    group.scopes.forEach(({ scope, records }, si) => {
      records.forEach((span, i) => {
        const problem = checkSpan(span);
        if (problem !== null) reject(set, `resourceSpans[${ri}].scopeSpans[${si}].spans[${i}]`, problem);
        else set.rows.push(spanRow(span, serviceName, group.resource, scope));
      });
    });
  });
  return set;
}

/** One checked span's otel_traces row (see {@link checkSpan}). */
export function spanRow(
  span: SpanModel,
  serviceName: string,
  resource: ResourceModel,
  scope: ScopeModel,
): Record<string, unknown> {
  const end = span.endTimeUnixNano;
  const start = span.startTimeUnixNano;
  const { events, links } = span;
  return {
    Timestamp: formatUnixNanos(start),
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: span.parentSpanId,
    TraceState: span.traceState,
    SpanName: span.name,
    SpanKind: SPAN_KINDS[span.kind] ?? '',
    ServiceName: serviceName,
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: span.attributes,
    // An end before the start would wrap around in the UInt64 column. Decimal text, as JSON
    // has no 64-bit integers.
    Duration: end > start ? (end - start).toString() : '0',
    StatusCode: STATUS_CODES[span.statusCode] ?? '',
    StatusMessage: span.statusMessage,
    // Most spans have neither events nor links; their rows share one empty array.
    'Events.Timestamp': events.length === 0 ? NONE : events.map((e) => formatUnixNanos(e.timeUnixNano)),
    'Events.Name': events.length === 0 ? NONE : events.map((e) => e.name),
    'Events.Attributes': events.length === 0 ? NONE : events.map((e) => e.attributes),
    'Links.TraceId': links.length === 0 ? NONE : links.map((l) => l.traceId),
    'Links.SpanId': links.length === 0 ? NONE : links.map((l) => l.spanId),
    'Links.TraceState': links.length === 0 ? NONE : links.map((l) => l.traceState),
    'Links.Attributes': links.length === 0 ? NONE : links.map((l) => l.attributes),
    // Last: a computed key ends the literal's fast, pre-shaped part.
    [JSON_READY]: true,
  };
}

/** Why a decoded span cannot be stored, naming the field; null when it can. */
export function checkSpan(span: SpanModel): string | null {
  const idProblem =
    checkId(span.traceId, 16, 'traceId', false) ??
    checkId(span.spanId, 8, 'spanId', false) ??
    checkId(span.parentSpanId, 8, 'parentSpanId', true);
  if (idProblem !== null) return idProblem;
  if (allZeros(span.traceId)) return 'traceId: must not be all zeros';
  if (allZeros(span.spanId)) return 'spanId: must not be all zeros';
  const start = checkUnixNanos(span.startTimeUnixNano);
  if (start !== null) return `startTimeUnixNano: ${start}`;
  const end = checkUnixNanos(span.endTimeUnixNano);
  if (end !== null) return `endTimeUnixNano: ${end}`;
  for (const [i, event] of span.events.entries()) {
    const t = checkUnixNanos(event.timeUnixNano);
    if (t !== null) return `events[${i}].timeUnixNano: ${t}`;
  }
  for (const [i, link] of span.links.entries()) {
    const p = checkId(link.traceId, 16, 'traceId', true) ?? checkId(link.spanId, 8, 'spanId', true);
    if (p !== null) return `links[${i}].${p}`;
  }
  return null;
}

/** True for a non-empty hex id of only zeros (the invalid id). */
function allZeros(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return hex.length > 0;
}

/** Maps log records to otel_logs rows the way the clickhouseexporter does. */
export function logRows(request: LogsRequest): RowSet {
  const set = newRowSet();
  request.forEach((group, ri) => {
    const serviceName = serviceNameOf(group.resource);
    group.scopes.forEach(({ scope, records }, si) => {
      records.forEach((log, i) => {
        // The exporter falls back to the observed time when the event time is unset.
        const time = log.timeUnixNano === 0n ? log.observedTimeUnixNano : log.timeUnixNano;
        const problem =
          checkId(log.traceId, 16, 'traceId', true) ??
          checkId(log.spanId, 8, 'spanId', true) ??
          (checkUnixNanos(time) === null ? null : `timeUnixNano: ${checkUnixNanos(time)}`);
        if (problem !== null) {
          reject(set, `resourceLogs[${ri}].scopeLogs[${si}].logRecords[${i}]`, problem);
          return;
        }
        set.rows.push({
          Timestamp: formatUnixNanos(time),
          TraceId: log.traceId,
          SpanId: log.spanId,
          // The exporter narrows both to UInt8 (Go uint8 conversion keeps the low byte).
          TraceFlags: log.flags & 0xff,
          SeverityText: log.severityText,
          SeverityNumber: log.severityNumber & 0xff,
          ServiceName: serviceName,
          Body: log.body,
          ResourceSchemaUrl: group.resource.schemaUrl,
          ResourceAttributes: group.resource.attributes,
          ScopeSchemaUrl: scope.schemaUrl,
          ScopeName: scope.name,
          ScopeVersion: scope.version,
          ScopeAttributes: scope.attributes,
          LogAttributes: log.attributes,
          EventName: log.eventName,
          [JSON_READY]: true,
        });
      });
    });
  });
  return set;
}
