import type { LogRecord, Span } from '../../api/contracts.ts';

export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Offset from the trace start, ms. */
  offsetMs: number;
  logs: LogRecord[];
}

const PALETTE = ['#3f7fbf', '#2e9e6a', '#8a5cc2', '#c27a2e', '#2a9fa8', '#b5508c', '#6f7f2e', '#5b6bd6'];

/** A stable colour per service name, so a service keeps its colour across traces. */
export function serviceColor(service: string): string {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#3f7fbf';
}

/**
 * Orders spans depth-first from the roots (children by start time) and attaches each log to its
 * span. Spans whose parent is missing (not arrived, or sampled out) become roots rather than vanish.
 */
export function buildWaterfall(
  spans: Span[],
  logs: LogRecord[],
): { rows: WaterfallRow[]; startMs: number; totalMs: number; orphanLogs: LogRecord[] } {
  const startOf = (s: Span) => Date.parse(s.startTime);
  const startMs = Math.min(...spans.map(startOf));
  const endMs = Math.max(...spans.map((s) => startOf(s) + s.durationMs));
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else roots.push(span);
  }
  const logsBySpan = new Map<string, LogRecord[]>();
  const orphanLogs: LogRecord[] = [];
  for (const log of logs) {
    if (log.spanId && ids.has(log.spanId)) {
      const list = logsBySpan.get(log.spanId) ?? [];
      list.push(log);
      logsBySpan.set(log.spanId, list);
    } else orphanLogs.push(log);
  }
  const rows: WaterfallRow[] = [];
  const visit = (span: Span, depth: number) => {
    rows.push({ span, depth, offsetMs: startOf(span) - startMs, logs: logsBySpan.get(span.spanId) ?? [] });
    for (const child of (children.get(span.spanId) ?? []).sort((a, b) => startOf(a) - startOf(b)))
      visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => startOf(a) - startOf(b))) visit(root, 0);
  return { rows, startMs, totalMs: Math.max(endMs - startMs, 0.001), orphanLogs };
}
