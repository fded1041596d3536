// OpenTelemetry, loaded before the service (`node --import ./src/telemetry.js`): traces, metrics
// and logs go over OTLP/HTTP to Cairn at OTEL_EXPORTER_OTLP_ENDPOINT (the chart sets it).
// Without the SDK installed (tests), the service runs without exporting.
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '${{ values.cairnUrl }}';
process.env.OTEL_SERVICE_NAME ??= '${{ values.name }}';

try {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-proto');
  const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
  const { PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
  const { BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
    }),
    logRecordProcessors: [new BatchLogRecordProcessor(new OTLPLogExporter({ url: `${endpoint}/v1/logs` }))],
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
  process.once('SIGTERM', () => sdk.shutdown().finally(() => process.exit(0)));
} catch (error) {
  console.error(JSON.stringify({ level: 'warn', msg: 'OpenTelemetry not started', error: String(error) }));
}
