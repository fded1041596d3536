import type { FastifyReply, FastifyRequest } from 'fastify';
import { CairnError, InputError, UnsupportedMediaTypeError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import {
  ExportLogsResponseSchema,
  ExportMetricsResponseSchema,
  ExportTraceResponseSchema,
} from './contract.ts';
import type { InFlightLimit } from './in-flight-limit.ts';
import type { IngestService, OtlpSignal } from './ingest.service.ts';
import { ingestAdmission } from './ingest-admission.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import { otlpResponseBody, sendProtobufStatus } from './otlp-response.ts';
import { decodeContentEncoding, mediaType, type OtlpEncoding, otlpEncodingOf } from './request-body.ts';

export interface IngestRoutesDeps {
  service: IngestService;
  /** server.maxBodyBytes: the limit after decompression (Fastify enforces it before). */
  maxBodyBytes: number;
  /** The admission cap, checked before a body is read; none means every request is admitted. */
  inFlight?: InFlightLimit;
  /** Counts requests the cap refuses (default: none). */
  metrics?: IngestMetrics;
}

const OTLP_SIGNALS: { signal: OtlpSignal; summary: string; schema: typeof ExportTraceResponseSchema }[] = [
  { signal: 'traces', summary: 'OTLP/HTTP trace export', schema: ExportTraceResponseSchema },
  { signal: 'logs', summary: 'OTLP/HTTP log export', schema: ExportLogsResponseSchema },
  { signal: 'metrics', summary: 'OTLP/HTTP metric export', schema: ExportMetricsResponseSchema },
];

/** OTLP/HTTP on both listeners, and Prometheus remote write on the main one. */
export function ingestRoutes(deps: IngestRoutesDeps): RouteDefinition[] {
  return [...OTLP_SIGNALS.map((s) => otlpRoute(deps, s)), remoteWriteRoute(deps)];
}

function otlpRoute(
  deps: IngestRoutesDeps,
  { signal, summary, schema }: (typeof OTLP_SIGNALS)[number],
): RouteDefinition {
  const { service, maxBodyBytes } = deps;
  return defineRoute({
    method: 'POST',
    url: `/v1/${signal}`,
    summary,
    description:
      'OTLP/HTTP 1.x: protobuf or JSON, optionally gzip. Answers only after the rows are stored. Records ' +
      'that cannot be stored (bad ids) are refused in `partialSuccess` while the rest are kept; errors on ' +
      'protobuf requests are a google.rpc.Status in protobuf.',
    tags: ['ingest'],
    auth: 'ingest',
    listeners: ['main', 'otlp'],
    rawBody: {
      contentTypes: ['application/x-protobuf', 'application/json'],
      description: `Export${signal === 'traces' ? 'Trace' : signal === 'logs' ? 'Logs' : 'Metrics'}ServiceRequest`,
    },
    response: { status: 200, description: 'Stored (possibly with partialSuccess)', schema },
    ...ingestAdmission(deps, signal),
    handler: async ({ body, request, reply }) => {
      const encoding = otlpEncodingOf(request.headers['content-type']);
      try {
        const payload = await readOtlpPayload(body, request, encoding, maxBodyBytes);
        const result = await service.ingestOtlp(signal, encoding, payload);
        const response = otlpResponseBody(signal, encoding, result);
        if (response instanceof Uint8Array) return sendProtobuf(reply, response);
        return response;
      } catch (error) {
        if (encoding === 'protobuf' && error instanceof CairnError) return sendProtobufStatus(reply, error);
        throw error;
      }
    },
  });
}

async function readOtlpPayload(
  body: unknown,
  request: FastifyRequest,
  encoding: OtlpEncoding,
  maxBodyBytes: number,
): Promise<unknown> {
  if (!Buffer.isBuffer(body)) {
    if (encoding === 'json' && body !== undefined) return body;
    throw new InputError('body: empty', 'body');
  }
  const bytes = await decodeContentEncoding(body, header(request, 'content-encoding'), maxBodyBytes);
  if (encoding === 'protobuf') return bytes;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `body: invalid JSON (${error instanceof Error ? error.message : String(error)})`,
      'body',
    );
  }
}

function remoteWriteRoute(deps: IngestRoutesDeps): RouteDefinition {
  const { service } = deps;
  return defineRoute({
    method: 'POST',
    url: '/api/v1/write',
    summary: 'Prometheus remote write 1.0',
    description:
      'A Snappy-compressed prometheus.WriteRequest; samples become otel_metrics_gauge rows (see docs/ingest.md). ' +
      'Stale markers are skipped; metadata is ignored.',
    tags: ['ingest'],
    auth: 'ingest',
    rawBody: { contentTypes: ['application/x-protobuf'], description: 'Snappy-compressed WriteRequest' },
    response: { status: 204, description: 'All samples stored' },
    ...ingestAdmission(deps, 'remote_write'),
    handler: async ({ body, request }) => {
      if (mediaType(request.headers['content-type']) !== 'application/x-protobuf') {
        throw new UnsupportedMediaTypeError('Content-Type must be application/x-protobuf for remote write');
      }
      const encoding = (header(request, 'content-encoding') ?? 'snappy').trim().toLowerCase();
      if (encoding !== 'snappy') {
        throw new UnsupportedMediaTypeError(
          `Content-Encoding ${JSON.stringify(encoding)} is not supported; remote write 1.0 uses snappy`,
        );
      }
      if (!Buffer.isBuffer(body) || body.length === 0) throw new InputError('body: empty', 'body');
      await service.ingestRemoteWrite(body);
      return undefined;
    },
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sendProtobuf(reply: FastifyReply, bytes: Uint8Array): FastifyReply {
  return reply
    .code(200)
    .type('application/x-protobuf')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
