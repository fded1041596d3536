import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/stores/telemetry/index.ts';
import { type ListeningCairn, queryRows, startListeningCairn } from './ingest-harness.ts';

let cairn: ListeningCairn;
beforeAll(async () => {
  cairn = await startListeningCairn();
});
afterAll(async () => {
  await cairn?.close();
});

const EXPORTERS = [
  {
    encoding: 'protobuf',
    make: (url: string, auth: string) => new ProtoTraceExporter({ url, headers: { Authorization: auth } }),
  },
  {
    encoding: 'json',
    make: (url: string, auth: string) => new JsonTraceExporter({ url, headers: { Authorization: auth } }),
  },
] as const;

interface SpanRow {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ScopeName: string;
  ScopeVersion: string;
  StatusCode: string;
  StatusMessage: string;
  Duration: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  'Events.Name': string[];
  'Events.Attributes': Record<string, string>[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  Timestamp: string;
}

describe.each(EXPORTERS)('OTLP traces from the OpenTelemetry SDK ($encoding)', ({ encoding, make }) => {
  it('stores each span as the clickhouseexporter would, with ids, kinds, status, attributes, events and links', async () => {
    const service = `checkout-${encoding}`;
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: make(`${cairn.url}/v1/traces`, cairn.auth) })],
    });
    const tracer = provider.getTracer('cairn-test', '1.2.3');
    // Recent times: rows older than telemetry.retentionDays are dropped by the table TTL.
    const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const at = (ms: number) => new Date(base + ms);
    const text = (ms: number) =>
      `${at(ms).toISOString().slice(0, 19).replace('T', ' ')}.${String(ms).padStart(3, '0')}000000`;
    const start = at(0);
    const server = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: start });
    const linked = server.spanContext();
    const { trace, context } = await import('@opentelemetry/api');
    const ctx = trace.setSpan(context.active(), server);
    const client = tracer.startSpan(
      'SELECT carts',
      {
        kind: SpanKind.CLIENT,
        startTime: at(10),
        attributes: { 'db.system': 'postgresql', rows: 42, cached: false, ratio: 1.5, tags: ['a', 'b'] },
        links: [{ context: linked, attributes: { reason: 'retry' } }],
      },
      ctx,
    );
    client.addEvent('query sent', { bytes: 512 }, at(11));
    client.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    client.end(at(35));
    server.end(at(50));
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = linked.traceId;
    const rows = await queryRows<SpanRow>(
      cairn,
      sql`SELECT * FROM otel_traces WHERE TraceId = ${traceId} ORDER BY Timestamp`,
    );
    expect(rows).toHaveLength(2);
    const [s, c] = rows;
    expect(s).toMatchObject({
      SpanId: linked.spanId,
      ParentSpanId: '',
      SpanName: 'GET /cart',
      SpanKind: 'Server',
      ServiceName: service,
      ScopeName: 'cairn-test',
      ScopeVersion: '1.2.3',
      StatusCode: 'Unset',
      Duration: '50000000',
      Timestamp: text(0),
    });
    expect(s?.ResourceAttributes).toMatchObject({
      'service.name': service,
      'deployment.environment': 'test',
    });
    expect(c).toMatchObject({
      ParentSpanId: linked.spanId,
      SpanName: 'SELECT carts',
      SpanKind: 'Client',
      StatusCode: 'Error',
      StatusMessage: 'connection reset',
      Duration: '25000000',
      Timestamp: text(10),
      SpanAttributes: {
        'db.system': 'postgresql',
        rows: '42',
        cached: 'false',
        ratio: '1.5',
        tags: '["a","b"]',
      },
      'Events.Name': ['query sent'],
      'Events.Attributes': [{ bytes: '512' }],
      'Links.TraceId': [traceId],
      'Links.SpanId': [linked.spanId],
    });
    const [lookup] = await queryRows<{ Start: string; End: string }>(
      cairn,
      sql`SELECT min(Start) AS Start, max(End) AS End FROM otel_traces_trace_id_ts WHERE TraceId = ${traceId}`,
    );
    expect(lookup).toEqual({ Start: text(0).slice(0, 19), End: text(10).slice(0, 19) });
  });
});
