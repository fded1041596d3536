/**
 * Issue contract, end to end: a three-service chain instrumented with the real OpenTelemetry SDK
 * sends traces, logs and metrics over OTLP/protobuf to a real `cairn up`, and everything is read
 * back through the REST API only, as a user would.
 */
import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, startCairn } from '../support/start-cairn.ts';

const REQUESTS = 10;
/** Requests 0, 4 and 8 fail in payment and the failure propagates up the chain. */
const failed = (i: number) => i % 4 === 0;
const FAILURES = [...Array(REQUESTS).keys()].filter(failed).length;

let cairn: CairnProcess;
let failedTraceId = '';
const startedAt = new Date(Date.now() - 120_000);

function providerFor(service: string) {
  const headers = { Authorization: `Bearer ${cairn.adminToken}` };
  const resource = resourceFromAttributes({ 'service.name': service, 'service.version': '1.0.0' });
  const tracing = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${cairn.url}/v1/traces`, headers }) }),
    ],
  });
  const logging = new LoggerProvider({
    resource,
    processors: [
      new SimpleLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${cairn.url}/v1/logs`, headers }),
      }),
    ],
  });
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: `${cairn.url}/v1/metrics`, headers }),
    exportIntervalMillis: 60_000,
  });
  const metering = new MeterProvider({ resource, readers: [reader] });
  return {
    tracer: tracing.getTracer('shop'),
    logger: logging.getLogger('shop'),
    meter: metering.getMeter('shop'),
    flush: async () => {
      await tracing.forceFlush();
      await logging.forceFlush();
      await metering.forceFlush();
    },
    shutdown: async () => {
      await Promise.all([tracing.shutdown(), logging.shutdown(), metering.shutdown()]);
    },
  };
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${cairn.url}${path}`, {
    headers: { Authorization: `Bearer ${cairn.adminToken}` },
  });
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  cairn = await startCairn();
  const frontend = providerFor('frontend');
  const checkout = providerFor('checkout');
  const payment = providerFor('payment');
  const orders = checkout.meter.createCounter('checkout.orders', { description: 'orders placed' });

  for (let i = 0; i < REQUESTS; i++) {
    const t0 = startedAt.getTime() + i * 1000;
    const at = (ms: number) => new Date(t0 + ms);
    const error = failed(i);
    const span = (
      provider: typeof frontend,
      name: string,
      kind: SpanKind,
      parent: Context,
      start: number,
      attributes = {},
    ) => {
      const created = provider.tracer.startSpan(name, { kind, startTime: at(start), attributes }, parent);
      return { span: created, context: trace.setSpan(parent, created) };
    };
    const root = span(frontend, 'GET /checkout', SpanKind.SERVER, context.active(), 0);
    const toCheckout = span(frontend, 'POST /checkout', SpanKind.CLIENT, root.context, 1);
    const checkoutServer = span(checkout, 'POST /checkout', SpanKind.SERVER, toCheckout.context, 2);
    const toPayment = span(checkout, 'POST /charge', SpanKind.CLIENT, checkoutServer.context, 3);
    const paymentServer = span(payment, 'POST /charge', SpanKind.SERVER, toPayment.context, 4);
    const query = span(payment, 'INSERT payments', SpanKind.CLIENT, paymentServer.context, 5, {
      'db.system': 'postgresql',
      'db.name': 'payments',
    });
    query.span.end(at(15));
    payment.logger.emit({
      body: error ? `card declined for order ${1000 + i}` : `charged order ${1000 + i}`,
      severityNumber: error ? SeverityNumber.ERROR : SeverityNumber.INFO,
      severityText: error ? 'ERROR' : 'INFO',
      timestamp: at(16),
      context: paymentServer.context,
      attributes: { 'order.id': String(1000 + i) },
    });
    const chain = [paymentServer, toPayment, checkoutServer, toCheckout, root];
    chain.forEach(({ span: s }, depth) => {
      if (error) s.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
      s.end(at(20 + depth * 5));
    });
    if (error) failedTraceId = root.span.spanContext().traceId;
    orders.add(1, { outcome: error ? 'failed' : 'placed' });
  }
  await Promise.all([frontend.flush(), checkout.flush(), payment.flush()]);
  await Promise.all([frontend.shutdown(), checkout.shutdown(), payment.shutdown()]);
}, 60_000);

afterAll(async () => {
  await cairn?.stop();
});

const range = () => `from=${startedAt.getTime() - 60_000}&to=${Date.now() + 60_000}`;

interface Edge {
  source: string;
  target: string;
  calls: number;
  errors: number;
}

describe('a frontend → checkout → payment → PostgreSQL chain sent with the OpenTelemetry SDK', () => {
  it('shows the service graph with exact calls and errors, PostgreSQL as a virtual database node', async () => {
    const graph = await api<{ nodes: Array<{ name: string; kind: string }>; edges: Edge[] }>(
      `/api/v1/service-graph?${range()}`,
    );
    const edges = graph.edges
      .map(({ source, target, calls, errors }) => ({ source, target, calls, errors }))
      .sort((a, b) => a.source.localeCompare(b.source));
    expect(edges).toEqual([
      { source: 'checkout', target: 'payment', calls: REQUESTS, errors: FAILURES },
      { source: 'frontend', target: 'checkout', calls: REQUESTS, errors: FAILURES },
      { source: 'payment', target: 'postgresql', calls: REQUESTS, errors: 0 },
      { source: 'user', target: 'frontend', calls: REQUESTS, errors: FAILURES },
    ]);
    const kinds = Object.fromEntries(graph.nodes.map((node) => [node.name, node.kind]));
    expect(kinds).toEqual({
      user: 'user',
      frontend: 'service',
      checkout: 'service',
      payment: 'service',
      postgresql: 'database',
    });
  });

  it('returns a trace by id with all its spans and its log', async () => {
    const found = await api<{
      spans: Array<{ service: string; name: string; kind: string; status: string }>;
      logs: Array<{ body: string; service: string }>;
    }>(`/api/v1/traces/${failedTraceId}`);
    expect(found.spans.map((s) => `${s.service} ${s.kind} ${s.name} ${s.status}`).sort()).toEqual([
      'checkout Client POST /charge Error',
      'checkout Server POST /checkout Error',
      'frontend Client POST /checkout Error',
      'frontend Server GET /checkout Error',
      'payment Client INSERT payments Unset',
      'payment Server POST /charge Error',
    ]);
    expect(found.logs.map((log) => `${log.service}: ${log.body}`)).toEqual([
      `payment: card declined for order ${1000 + REQUESTS - 2}`,
    ]);
  });

  it('finds logs by a word of their body and by trace id', async () => {
    const byWord = await api<{ items: Array<{ body: string }> }>(`/api/v1/logs?q=declined&${range()}`);
    expect(byWord.items.map((log) => log.body).sort()).toEqual([
      'card declined for order 1000',
      'card declined for order 1004',
      'card declined for order 1008',
    ]);
    const byTrace = await api<{ items: Array<{ body: string; traceId: string }> }>(
      `/api/v1/logs?traceId=${failedTraceId}&${range()}`,
    );
    expect(byTrace.items.map((log) => log.body)).toEqual(['card declined for order 1008']);
  });

  it('serves metrics by name and service', async () => {
    const names = await api<{ items: Array<{ name: string; type: string }> }>(
      `/api/v1/metrics/names?service=checkout&${range()}`,
    );
    expect(names.items).toContainEqual(expect.objectContaining({ name: 'checkout.orders', type: 'sum' }));
    const series = await api<{
      series: Array<{ labels: Record<string, string>; points: Array<{ v: number }> }>;
    }>(`/api/v1/metrics/query?name=checkout.orders&service=checkout&agg=max&${range()}`);
    const totals = Object.fromEntries(
      series.series.map((s) => [s.labels.outcome, Math.max(...s.points.map((p) => p.v))]),
    );
    expect(totals).toEqual({ failed: FAILURES, placed: REQUESTS - FAILURES });
  });
});
