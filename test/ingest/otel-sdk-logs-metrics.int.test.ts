import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
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

const ENCODINGS = [
  {
    encoding: 'protobuf',
    logs: (url: string, auth: string) => new ProtoLogExporter({ url, headers: { Authorization: auth } }),
    metrics: (url: string, auth: string) =>
      new ProtoMetricExporter({ url, headers: { Authorization: auth } }),
  },
  {
    encoding: 'json',
    logs: (url: string, auth: string) => new JsonLogExporter({ url, headers: { Authorization: auth } }),
    metrics: (url: string, auth: string) => new JsonMetricExporter({ url, headers: { Authorization: auth } }),
  },
] as const;

describe.each(ENCODINGS)('OTLP logs and metrics from the OpenTelemetry SDK ($encoding)', (e) => {
  it('stores log records with body, severity, trace correlation and attributes', async () => {
    const service = `payments-logs-${e.encoding}`;
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      processors: [new SimpleLogRecordProcessor({ exporter: e.logs(`${cairn.url}/v1/logs`, cairn.auth) })],
    });
    const logger = provider.getLogger('payments', '0.9.0');
    const time = Date.now() - 5000;
    logger.emit({
      timestamp: time,
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'card declined for order 17',
      attributes: { 'order.id': 17, retry: true },
    });
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: { structured: 'yes', n: 2 },
    });
    await provider.forceFlush();
    await provider.shutdown();

    const rows = await queryRows<{
      Body: string;
      SeverityText: string;
      SeverityNumber: number;
      ServiceName: string;
      ScopeName: string;
      ScopeVersion: string;
      LogAttributes: Record<string, string>;
      Timestamp: string;
    }>(
      cairn,
      sql`SELECT Body, SeverityText, SeverityNumber, ServiceName, ScopeName, ScopeVersion, LogAttributes, Timestamp FROM otel_logs WHERE ServiceName = ${service} ORDER BY SeverityNumber DESC`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      Body: 'card declined for order 17',
      SeverityText: 'ERROR',
      SeverityNumber: 17,
      ServiceName: service,
      ScopeName: 'payments',
      ScopeVersion: '0.9.0',
      LogAttributes: { 'order.id': '17', retry: 'true' },
      Timestamp: `${new Date(time).toISOString().replace('T', ' ').slice(0, 23)}000000`,
    });
    // A map body is stored as the exporter's JSON: keys sorted.
    expect(rows[1]?.Body).toBe('{"n":2,"structured":"yes"}');
    // No timestamp given: the observed time (set by the SDK) is used, so the row is not 1970.
    expect(rows[1]?.Timestamp.startsWith('1970')).toBe(false);
  });

  it('stores counters, gauges and histograms in their otel_metrics_* tables', async () => {
    const service = `payments-metrics-${e.encoding}`;
    const reader = new PeriodicExportingMetricReader({
      exporter: e.metrics(`${cairn.url}/v1/metrics`, cairn.auth),
      exportIntervalMillis: 60_000,
    });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      readers: [reader],
    });
    const meter = provider.getMeter('payments');
    const counter = meter.createCounter('orders_total', { description: 'Orders placed', unit: '1' });
    counter.add(3, { region: 'eu' });
    counter.add(2, { region: 'eu' });
    counter.add(1, { region: 'us' });
    meter.createGauge('queue_depth').record(7.5, { queue: 'payments' });
    const histogram = meter.createHistogram('latency_ms', {
      advice: { explicitBucketBoundaries: [10, 100] },
    });
    for (const v of [5, 50, 500, 60]) histogram.record(v);
    // shutdown() exports once; forceFlush() before it would export the cumulative points twice.
    await provider.shutdown();

    const sums = await queryRows<{
      MetricName: string;
      Value: number;
      Attributes: Record<string, string>;
      IsMonotonic: boolean;
      AggregationTemporality: number;
      MetricDescription: string;
    }>(
      cairn,
      sql`SELECT MetricName, Value, Attributes, IsMonotonic, AggregationTemporality, MetricDescription FROM otel_metrics_sum WHERE ServiceName = ${service} ORDER BY Attributes['region']`,
    );
    expect(sums).toEqual([
      {
        MetricName: 'orders_total',
        Value: 5,
        Attributes: { region: 'eu' },
        IsMonotonic: true,
        AggregationTemporality: 2,
        MetricDescription: 'Orders placed',
      },
      {
        MetricName: 'orders_total',
        Value: 1,
        Attributes: { region: 'us' },
        IsMonotonic: true,
        AggregationTemporality: 2,
        MetricDescription: 'Orders placed',
      },
    ]);
    const gauges = await queryRows<{ MetricName: string; Value: number; Attributes: Record<string, string> }>(
      cairn,
      sql`SELECT MetricName, Value, Attributes FROM otel_metrics_gauge WHERE ServiceName = ${service}`,
    );
    expect(gauges).toEqual([{ MetricName: 'queue_depth', Value: 7.5, Attributes: { queue: 'payments' } }]);
    const histograms = await queryRows<{
      Count: string;
      Sum: number;
      BucketCounts: string[];
      ExplicitBounds: number[];
      Min: number;
      Max: number;
    }>(
      cairn,
      sql`SELECT Count, Sum, BucketCounts, ExplicitBounds, Min, Max FROM otel_metrics_histogram WHERE ServiceName = ${service}`,
    );
    expect(histograms).toEqual([
      { Count: '4', Sum: 615, BucketCounts: ['1', '2', '1'], ExplicitBounds: [10, 100], Min: 5, Max: 500 },
    ]);
  });
});
