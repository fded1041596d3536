// Structured JSON logs, one object a line, with the trace and span ids of the active span (or of
// the incoming `traceparent` when no SDK is running), so Cairn joins logs to traces.
let trace = null;
try {
  ({ trace } = await import('@opentelemetry/api'));
} catch {
  // No OpenTelemetry API installed: ids come from the traceparent header.
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** Trace context of the current span, else of a W3C traceparent header. */
export function traceContext(traceparent) {
  const span = trace?.getActiveSpan?.();
  const context = span?.spanContext();
  if (context && context.traceId !== '0'.repeat(32))
    return { trace_id: context.traceId, span_id: context.spanId };
  const match = TRACEPARENT.exec(traceparent ?? '');
  return match ? { trace_id: match[1], span_id: match[2] } : {};
}

export function createLogger(write = (line) => process.stdout.write(`${line}\n`)) {
  const log =
    (level) =>
    (msg, fields = {}) =>
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level,
          service: '${{ values.name }}',
          msg,
          ...fields,
        }),
      );
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
