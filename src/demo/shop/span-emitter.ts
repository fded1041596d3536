import { type Context, type HrTime, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { PlannedSpan } from './request-planner.ts';
import type { ServiceTelemetry } from './service-telemetry.ts';
import type { ShopService } from './topology.ts';

const SEVERITY: Record<'INFO' | 'WARN' | 'ERROR', SeverityNumber> = {
  INFO: SeverityNumber.INFO,
  WARN: SeverityNumber.WARN,
  ERROR: SeverityNumber.ERROR,
};

/** Epoch milliseconds with a fraction, as OpenTelemetry's [seconds, nanoseconds]. */
export function toHrTime(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.min(999_999_999, Math.round((epochMs - seconds * 1000) * 1e6));
  return [seconds, nanos];
}

/**
 * Emits a planned request through the services' real SDK tracers and loggers: each span by the
 * service that owns it, a callee's server span parented by its caller's client span, and every log
 * carrying the context of the span it was written in.
 */
export function emitPlannedRequest(
  plan: PlannedSpan,
  traceStartMs: number,
  instanceOf: (service: ShopService) => ServiceTelemetry,
  onServed: (service: ShopService, failed: boolean) => void,
): string {
  return emitSpan(plan, traceStartMs, ROOT_CONTEXT, instanceOf, onServed);
}

function emitSpan(
  span: PlannedSpan,
  traceStartMs: number,
  parent: Context,
  instanceOf: (service: ShopService) => ServiceTelemetry,
  onServed: (service: ShopService, failed: boolean) => void,
): string {
  const instance = instanceOf(span.service);
  const startMs = traceStartMs + span.startMs;
  const otelSpan = instance.tracer.startSpan(
    span.name,
    {
      kind: span.kind === 'server' ? SpanKind.SERVER : SpanKind.CLIENT,
      attributes: span.attributes,
      startTime: toHrTime(startMs),
    },
    parent,
  );
  const context = trace.setSpan(parent, otelSpan);
  for (const child of span.children) emitSpan(child, traceStartMs, context, instanceOf, onServed);
  for (const log of span.logs) {
    instance.logger.emit({
      timestamp: toHrTime(traceStartMs + log.atMs),
      severityNumber: SEVERITY[log.severity],
      severityText: log.severity,
      body: log.body,
      attributes: log.attributes,
      context,
    });
  }
  const endMs = startMs + span.durationMs;
  if (span.error !== undefined) {
    if (span.kind === 'server' && span.children.every((child) => child.error === undefined)) {
      // The error started here, not in a callee: record it as the exception the code threw.
      otelSpan.addEvent(
        'exception',
        { 'exception.type': 'Error', 'exception.message': span.error },
        toHrTime(endMs),
      );
    }
    otelSpan.setStatus({ code: SpanStatusCode.ERROR, message: span.error });
  }
  otelSpan.end(toHrTime(endMs));
  if (span.kind === 'server') {
    const attributes = { operation: span.name, outcome: span.error === undefined ? 'ok' : 'error' };
    instance.requests.add(1, attributes);
    instance.duration.record(span.durationMs / 1000, { operation: span.name });
    onServed(span.service, span.error !== undefined);
  }
  return otelSpan.spanContext().traceId;
}
