import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Incident } from '../../../src/modules/incidents/index.ts';
import { type AlertingCairn, eventually, startAlertingCairn } from '../../alerts/support/alerting-cairn.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../alerts/support/webhook-receiver.ts';

/** One service's part of a request: its own time and whether it fails (with an error log). */
export interface Hop {
  service: string;
  selfMs: number;
  error?: string;
}

export interface Scenario {
  cairn: AlertingCairn;
  receiver: WebhookReceiver;
  /** Sends one request every `everyMs` in [from, to) down the chain `shape(t)` returns, with the real OTel SDK. */
  traffic(input: {
    from: Date;
    to: Date;
    everyMs: number;
    shape: (t: Date) => readonly Hop[];
  }): Promise<void>;
  /** POST /api/v1/changes; returns the recorded change id. */
  change(body: Record<string, unknown>): Promise<string>;
  /** An Alertmanager webhook with one firing alert; resolves to the incident it opened or joined. */
  alert(input: {
    name: string;
    service: string;
    startsAt: Date;
    annotations?: Record<string, string>;
  }): Promise<Incident>;
  close(): Promise<void>;
}

/**
 * A Cairn listening on a port (compose.ts wiring, real SQLite and chDB) with Mattermost pages
 * going to a local receiver; the page waits up to 30 s for the context so a busy test machine
 * cannot turn a slow computation into a page without a suspect. `web` serves the built UI too
 * (browser journeys).
 */
export async function startScenario(options: { web?: boolean } = {}): Promise<Scenario> {
  const receiver = await startWebhookReceiver();
  const cairn = await startAlertingCairn(
    {
      alerts: { contextTimeoutMs: 30_000 },
      notify: { mattermostUrl: receiver.url, retryAttempts: 1 },
      context: { refreshIntervalSeconds: 3600 },
    },
    options,
  );
  const headers = { Authorization: `Bearer ${cairn.token}` };
  const providers = new Map<string, { tracing: TracerProvider; logging: LoggerProvider }>();
  const providerFor = (service: string) => {
    let provider = providers.get(service);
    if (!provider) {
      const resource = resourceFromAttributes({ 'service.name': service });
      provider = {
        tracing: new TracerProvider({
          resource,
          spanProcessors: [
            new BatchSpanProcessor({
              exporter: new OTLPTraceExporter({ url: `${cairn.url}/v1/traces`, headers }),
              maxExportBatchSize: 2000,
              maxQueueSize: 100_000,
            }),
          ],
        }),
        logging: new LoggerProvider({
          resource,
          processors: [
            new BatchLogRecordProcessor({
              exporter: new OTLPLogExporter({ url: `${cairn.url}/v1/logs`, headers }),
              maxExportBatchSize: 2000,
              maxQueueSize: 100_000,
            }),
          ],
        }),
      };
      providers.set(service, provider);
    }
    return provider;
  };

  const request = (start: Date, hops: readonly Hop[]) => {
    // Durations bottom-up: a client span lasts 2 ms longer than the server span it calls, as a
    // network hop does, so no span of one service exactly covers another's.
    const durations = hops.map(() => 0);
    for (let i = hops.length - 1; i >= 0; i--) {
      durations[i] = (hops[i]?.selfMs ?? 0) + (i + 1 < hops.length ? (durations[i + 1] ?? 0) + 2 : 0);
    }
    let parent: Context = context.active();
    let offset = 0;
    const ends: Array<() => void> = [];
    hops.forEach((hop, i) => {
      const { tracing, logging } = providerFor(hop.service);
      const tracer = tracing.getTracer('scenario');
      const at = (ms: number) => new Date(start.getTime() + ms);
      const server = tracer.startSpan(
        `GET /${hop.service}`,
        { kind: SpanKind.SERVER, startTime: at(offset) },
        parent,
      );
      const serverContext = trace.setSpan(parent, server);
      const serverEnd = offset + (durations[i] ?? 0);
      // Failures propagate up: every hop above a failing one fails too, as a synchronous chain does.
      const fails = hops.slice(i).some((h) => h.error);
      if (hop.error) {
        logging.getLogger('scenario').emit({
          body: hop.error,
          severityNumber: SeverityNumber.ERROR,
          severityText: 'ERROR',
          timestamp: at(offset + 1),
          context: serverContext,
        });
      }
      ends.push(() => {
        if (fails) server.setStatus({ code: SpanStatusCode.ERROR, message: hop.error ?? 'callee failed' });
        server.end(at(serverEnd));
      });
      const next = hops[i + 1];
      if (next) {
        const clientStart = offset + hop.selfMs / 2;
        const client = tracer.startSpan(
          `call ${next.service}`,
          { kind: SpanKind.CLIENT, startTime: at(clientStart) },
          serverContext,
        );
        const clientEnd = clientStart + (durations[i + 1] ?? 0) + 2;
        ends.push(() => {
          if (fails) client.setStatus({ code: SpanStatusCode.ERROR });
          client.end(at(clientEnd));
        });
        parent = trace.setSpan(serverContext, client);
        offset = clientStart + 1;
      }
    });
    for (const end of ends.reverse()) end();
  };

  return {
    cairn,
    receiver,
    async traffic({ from, to, everyMs, shape }) {
      for (let t = from.getTime(); t < to.getTime(); t += everyMs) request(new Date(t), shape(new Date(t)));
      for (const { tracing, logging } of providers.values()) {
        await tracing.forceFlush();
        await logging.forceFlush();
      }
      // Ingest acknowledges after the rows are written, so a flushed SDK means stored spans.
    },
    async change(body) {
      const response = await cairn.api<{ change: { id: string } }>('POST', '/api/v1/changes', body);
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(`change rejected: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body.change.id;
    },
    async alert({ name, service, startsAt, annotations = {} }) {
      const fingerprint = `${name}-${service}`;
      const response = await cairn.api('POST', '/api/v1/integrations/alertmanager', {
        version: '4',
        groupKey: `{}:{alertname="${name}"}`,
        status: 'firing',
        receiver: 'cairn',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://am.example',
        truncatedAlerts: 0,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: name, service, severity: 'critical' },
            annotations: { summary: `${name} on ${service}`, ...annotations },
            startsAt: startsAt.toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.example/graph',
            fingerprint,
          },
        ],
      });
      if (response.status >= 300) throw new Error(`alert rejected: ${response.status}`);
      return eventually(async () => {
        const list = await cairn.api<{ items: Array<{ id: string; title: string }> }>(
          'GET',
          '/api/v1/incidents',
        );
        const found = list.body.items.find((i) => i.title === `${name} on ${service}`);
        return found ? (await cairn.api<Incident>('GET', `/api/v1/incidents/${found.id}`)).body : undefined;
      });
    },
    async close() {
      for (const { tracing, logging } of providers.values())
        await Promise.all([tracing.shutdown(), logging.shutdown()]);
      await cairn.close();
      await receiver.close();
    },
  };
}

/** `minutes` before `base`, on a whole second. */
export function minutesBefore(base: Date, minutes: number): Date {
  return new Date(Math.floor((base.getTime() - minutes * 60_000) / 1000) * 1000);
}
