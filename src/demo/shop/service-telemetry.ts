import type { Counter, Histogram, Tracer } from '@opentelemetry/api';
import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** Where the shop's SDKs send OTLP/HTTP (protobuf), and with which ingest token. */
export interface OtlpTarget {
  /** Base URL; the exporters append /v1/traces, /v1/logs and /v1/metrics. */
  url: string;
  token: string;
  environment: string;
  /** How often metrics are exported. */
  metricIntervalMs: number;
}

/** One running instance of a shop service, instrumented the way a user's service would be. */
export interface ServiceTelemetry {
  readonly service: string;
  readonly version: string;
  readonly tracer: Tracer;
  readonly logger: OtelLogger;
  readonly requests: Counter;
  readonly duration: Histogram;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Flushes and stops the exporters (a pod going away). */
  shutdown(): Promise<void>;
}

/**
 * Builds the three SDK providers of one service version, each with its own OTLP proto exporter.
 * A deploy replaces the whole instance, as a new pod would: the resource's `service.version` is
 * fixed for the lifetime of a provider.
 */
export function startServiceTelemetry(
  service: string,
  version: string,
  target: OtlpTarget,
  readCpu: () => number,
): ServiceTelemetry {
  const resource = defaultResource().merge(
    resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'shop',
      'service.version': version,
      'service.instance.id': `${service}-${version}-${Math.random().toString(36).slice(2, 8)}`,
      'deployment.environment': target.environment,
      'deployment.environment.name': target.environment,
    }),
  );
  const exporterOptions = (signal: string) => ({
    url: `${target.url}/v1/${signal}`,
    headers: { authorization: `Bearer ${target.token}` },
    // Above the SDK's 10 s: on a busy machine storing a large batch can take longer, and a batch
    // that times out is dropped, leaving a hole in the shop's telemetry (and a failed flush).
    timeoutMillis: 60_000,
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(exporterOptions('traces')),
        scheduledDelayMillis: 1000,
        maxQueueSize: 8192,
        maxExportBatchSize: 1024,
      }),
    ],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter(exporterOptions('logs')),
        scheduledDelayMillis: 1000,
        maxQueueSize: 8192,
        maxExportBatchSize: 1024,
      }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(exporterOptions('metrics')),
        exportIntervalMillis: target.metricIntervalMs,
        exportTimeoutMillis: Math.min(target.metricIntervalMs, 10_000),
      }),
    ],
  });
  const meter = meterProvider.getMeter('cairn-demo-shop', version);
  const cpu = meter.createObservableGauge('process.cpu.utilization', {
    description: 'Share of the CPU limit the service uses',
    unit: '1',
  });
  cpu.addCallback((result) => result.observe(readCpu()));
  return {
    service,
    version,
    tracer: tracerProvider.getTracer('cairn-demo-shop', version),
    logger: loggerProvider.getLogger('cairn-demo-shop', version),
    requests: meter.createCounter('app.requests', { description: 'Requests served', unit: '{request}' }),
    duration: meter.createHistogram('app.request.duration', {
      description: 'Time to serve a request',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    }),
    flush: async () => {
      await Promise.all([
        tracerProvider.forceFlush(),
        loggerProvider.forceFlush(),
        meterProvider.forceFlush(),
      ]);
    },
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
