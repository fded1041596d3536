/**
 * A writer of one trace's otel_traces rows into `spans`: trace id from the request number `n`,
 * span ids from it and each span's number `k` (`parent` 0 for the root), times in ms after `start`.
 */
export function traceRows(spans: Record<string, unknown>[], n: number, start: number) {
  const traceId = n.toString(16).padStart(32, '0');
  const id = (k: number) => `${n.toString(16).padStart(12, '0')}${k.toString(16).padStart(4, '0')}`;
  return (
    k: number,
    parent: number,
    service: string,
    name: string,
    kind: string,
    fromMs: number,
    ms: number,
    failed = false,
  ): void => {
    spans.push({
      Timestamp: new Date(start + fromMs),
      TraceId: traceId,
      SpanId: id(k),
      ParentSpanId: parent === 0 ? '' : id(parent),
      SpanName: name,
      SpanKind: kind,
      ServiceName: service,
      ResourceAttributes: { 'service.name': service },
      Duration: Math.round(ms * 1_000_000),
      StatusCode: failed ? 'Error' : 'Unset',
    });
  };
}
