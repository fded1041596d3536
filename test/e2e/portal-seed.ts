/**
 * Seeds a real Cairn for the portal journeys through its public APIs only: spans and logs from
 * the real OpenTelemetry SDK (OTLP/HTTP protobuf), a deploy via POST /api/v1/changes and a firing
 * alert via the Alertmanager webhook.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface Seeded {
  /** A trace whose `payments` span failed, with an error log inside it. */
  failingTraceId: string;
  /** The word only the failing trace's error log contains. */
  errorWord: string;
  changeVersion: string;
  alertName: string;
}

interface Target {
  url: string;
  token: string;
}

function providers(service: string, target: Target) {
  const resource = resourceFromAttributes({
    'service.name': service,
    'deployment.environment': 'production',
  });
  const headers = { Authorization: `Bearer ${target.token}` };
  const tracer = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${target.url}/v1/traces`, headers }),
      }),
    ],
  });
  const logger = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${target.url}/v1/logs`, headers }),
      }),
    ],
  });
  return { tracer, logger };
}

/**
 * `frontend → checkout → payments`, `checkout → postgresql` (a virtual database node): twenty
 * requests over the last ten minutes; the last five fail in `payments` with a logged error.
 */
export async function seedPortal(target: Target): Promise<Seeded> {
  const services = {
    frontend: providers('frontend', target),
    checkout: providers('checkout', target),
    payments: providers('payments', target),
  };
  const now = Date.now();
  let failingTraceId = '';
  for (let i = 0; i < 20; i += 1) {
    const start = now - (20 - i) * 30_000;
    const at = (ms: number) => new Date(start + ms);
    const failing = i >= 15;
    const root = services.frontend.tracer
      .getTracer('e2e')
      .startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: at(0) });
    const rootCtx = trace.setSpan(context.active(), root);
    const call = services.frontend.tracer
      .getTracer('e2e')
      .startSpan(
        'POST checkout',
        { kind: SpanKind.CLIENT, startTime: at(2), attributes: { 'peer.service': 'checkout' } },
        rootCtx,
      );
    const callCtx = trace.setSpan(rootCtx, call);
    const server = services.checkout.tracer
      .getTracer('e2e')
      .startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: at(4) }, callCtx);
    const serverCtx = trace.setSpan(callCtx, server);
    const db = services.checkout.tracer
      .getTracer('e2e')
      .startSpan(
        'SELECT carts',
        { kind: SpanKind.CLIENT, startTime: at(6), attributes: { 'db.system': 'postgresql' } },
        serverCtx,
      );
    db.end(at(16));
    const payCall = services.checkout.tracer
      .getTracer('e2e')
      .startSpan(
        'POST charge',
        { kind: SpanKind.CLIENT, startTime: at(18), attributes: { 'peer.service': 'payments' } },
        serverCtx,
      );
    const payCtx = trace.setSpan(serverCtx, payCall);
    const pay = services.payments.tracer
      .getTracer('e2e')
      .startSpan('POST /charge', { kind: SpanKind.SERVER, startTime: at(20) }, payCtx);
    const payLogCtx = trace.setSpan(payCtx, pay);
    if (failing) {
      pay.setStatus({ code: SpanStatusCode.ERROR, message: 'card gateway timeout' });
      payCall.setStatus({ code: SpanStatusCode.ERROR });
      server.setStatus({ code: SpanStatusCode.ERROR });
      root.setStatus({ code: SpanStatusCode.ERROR });
      services.payments.logger.getLogger('e2e').emit({
        severityNumber: SeverityNumber.ERROR,
        severityText: 'ERROR',
        body: `charge failed: gatewaytimeout${i} after 900 ms`,
        attributes: { 'payment.provider': 'acme' },
        timestamp: at(900),
        context: payLogCtx,
      });
      failingTraceId = pay.spanContext().traceId;
    } else {
      services.payments.logger.getLogger('e2e').emit({
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: 'charge accepted',
        attributes: { 'payment.provider': 'acme' },
        timestamp: at(60),
        context: payLogCtx,
      });
    }
    pay.end(at(failing ? 920 : 70));
    payCall.end(at(failing ? 925 : 75));
    server.end(at(failing ? 930 : 80));
    call.end(at(failing ? 935 : 85));
    root.end(at(failing ? 940 : 90));
  }
  for (const p of Object.values(services)) {
    await p.tracer.forceFlush();
    await p.logger.forceFlush();
    await p.tracer.shutdown();
    await p.logger.shutdown();
  }

  const headers = { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' };
  const changeVersion = '2.4.0';
  const change = await fetch(`${target.url}/api/v1/changes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      service: 'payments',
      kind: 'deploy',
      version: changeVersion,
      previousVersion: '2.3.9',
      author: 'dana',
      startedAt: new Date(now - 200_000).toISOString(),
      finishedAt: new Date(now - 180_000).toISOString(),
      description: 'Switch card gateway client',
    }),
  });
  if (change.status !== 201 && change.status !== 200)
    throw new Error(`POST /api/v1/changes answered ${change.status}: ${await change.text()}`);

  const alertName = 'PaymentsErrorRate';
  const alert = await fetch(`${target.url}/api/v1/integrations/alertmanager`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      version: '4',
      status: 'firing',
      receiver: 'cairn',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: alertName, service: 'payments', severity: 'critical' },
          annotations: { summary: 'payments error rate above 5%' },
          startsAt: new Date(now - 120_000).toISOString(),
          fingerprint: 'e2e-payments-error-rate',
        },
      ],
    }),
  });
  if (alert.status !== 200)
    throw new Error(`Alertmanager webhook answered ${alert.status}: ${await alert.text()}`);
  return { failingTraceId, errorWord: 'gatewaytimeout19', changeVersion, alertName };
}
