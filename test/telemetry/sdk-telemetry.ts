import { context, type HrTime, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ListeningCairn } from '../ingest/ingest-harness.ts';

/**
 * Sending traces to a listening Cairn through the real OpenTelemetry JS SDK (protobuf exporter,
 * batch span processor) with start times chosen to the nanosecond, and reading the API back.
 */

/** A span to send: its start, and how long it lasts. */
export interface SdkSpan {
  start: HrTime;
  durationNs?: number;
}

/** What was sent for one trace: its id and its span ids, root first. */
export interface SentTrace {
  traceId: string;
  spanIds: string[];
}

/** Adds `ns` nanoseconds to an HrTime. */
export function plusNs(time: HrTime, ns: number): HrTime {
  const total = time[1] + ns;
  const carry = Math.floor(total / 1e9);
  return [time[0] + carry, total - carry * 1e9];
}

/** RFC 3339 with nine fraction digits, as the API answers a span's start. */
export function hrIso(time: HrTime): string {
  const seconds = new Date(time[0] * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(time[1]).padStart(9, '0')}Z`;
}

/** A sender for one service; `flush()` exports everything ended so far in as few requests as the SDK makes. */
export function sdkTracer(cairn: ListeningCairn, service: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: `${cairn.url}/v1/traces`,
          headers: { Authorization: cairn.auth },
        }),
        maxQueueSize: 10_000,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 60_000,
      }),
    ],
  });
  const tracer = provider.getTracer('cairn-time-bounds');
  return {
    /** One trace: the first span is the root (a Server span), the others its children. */
    send(spans: readonly SdkSpan[]): SentTrace {
      const [first, ...rest] = spans;
      if (!first) throw new Error('a trace needs a span');
      const root = tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: first.start });
      const parent = trace.setSpan(context.active(), root);
      const spanIds = [root.spanContext().spanId];
      for (const [i, span] of rest.entries()) {
        const child = tracer.startSpan(
          `step ${i + 1}`,
          { kind: SpanKind.INTERNAL, startTime: span.start },
          parent,
        );
        spanIds.push(child.spanContext().spanId);
        child.end(plusNs(span.start, span.durationNs ?? 100_000));
      }
      root.end(plusNs(first.start, first.durationNs ?? 3_000_000));
      return { traceId: root.spanContext().traceId, spanIds };
    },
    /** One trace on the SDK's own clock: a root and `children` spans, the whole lasting `durationMs`. */
    async sendLive(children: number, durationMs: number): Promise<SentTrace> {
      const root = tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER });
      const parent = trace.setSpan(context.active(), root);
      const spanIds = [root.spanContext().spanId];
      for (let i = 0; i < children; i++) {
        const child = tracer.startSpan(`step ${i + 1}`, { kind: SpanKind.CLIENT }, parent);
        spanIds.push(child.spanContext().spanId);
        child.end();
      }
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      root.end();
      return { traceId: root.spanContext().traceId, spanIds };
    },
    async flush(): Promise<void> {
      await provider.forceFlush();
    },
    async shutdown(): Promise<void> {
      await provider.shutdown();
    },
  };
}

/** A log sender for one service; `flush()` exports what was emitted so far. */
export function sdkLogger(cairn: ListeningCairn, service: string) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({
          url: `${cairn.url}/v1/logs`,
          headers: { Authorization: cairn.auth },
        }),
        maxQueueSize: 10_000,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 60_000,
      }),
    ],
  });
  const logger = provider.getLogger('cairn-time-bounds');
  return {
    /** One INFO record at `time`, inside the span `within` when given. */
    emit(body: string, time: HrTime, within?: { traceId: string; spanId: string }): void {
      const ctx = within
        ? trace.setSpanContext(context.active(), { ...within, traceFlags: TraceFlags.SAMPLED })
        : context.active();
      logger.emit({
        body,
        timestamp: time,
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        context: ctx,
      });
    },
    async flush(): Promise<void> {
      await provider.forceFlush();
    },
    async shutdown(): Promise<void> {
      await provider.shutdown();
    },
  };
}

/** GETs an API path on the listening Cairn with the admin token. */
export async function getApi<T>(cairn: ListeningCairn, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cairn.url}${path}`, { headers: { Authorization: cairn.auth } });
  // Every route these tests call answers JSON; the test asserts the shape it expects.
  return { status: response.status, body: (await response.json()) as T };
}
