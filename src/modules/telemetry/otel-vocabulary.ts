/**
 * The strings the OpenTelemetry Collector clickhouseexporter writes into otel_traces (its
 * `traceutil.SpanKindStr` / `StatusCodeStr`), which Cairn's ingest writes too. Queries compare
 * against these constants, never against spelled-out literals scattered through the SQL.
 */
export const SPAN_KIND = {
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
  internal: 'Internal',
} as const;

export const STATUS_CODE = { ok: 'Ok', error: 'Error', unset: 'Unset' } as const;

/** Span kinds that call another service (the client side of an edge). */
export const CALLER_KINDS: readonly string[] = [SPAN_KIND.client, SPAN_KIND.producer];
/** Span kinds that serve a request (the server side of an edge; what RED counts). */
export const CALLEE_KINDS: readonly string[] = [SPAN_KIND.server, SPAN_KIND.consumer];

/**
 * Span attributes that name a peer a client span talks to when no server span answers it, in the
 * order they are tried (Tempo metrics-generator's virtual nodes). Databases first: newer semantic
 * conventions renamed `db.system` to `db.system.name`.
 */
export const DATABASE_PEER_ATTRIBUTES = ['db.system.name', 'db.system'] as const;
export const EXTERNAL_PEER_ATTRIBUTES = ['peer.service', 'server.address'] as const;

/** The source node of requests whose caller is not traced. */
export const USER_NODE = 'user';
