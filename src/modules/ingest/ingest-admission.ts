import { Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnavailableError } from '../../kernel/errors.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { InFlightLimit, InFlightTicket } from './in-flight-limit.ts';
import { type IngestChannel, type IngestMetrics, noIngestMetrics } from './ingest-metrics.ts';
import { sendProtobufStatus } from './otlp-response.ts';
import { mediaType } from './request-body.ts';

/** Seconds a sender refused by the in-flight cap is told to wait. */
const OVERLOADED_RETRY_AFTER_SECONDS = 1;

export interface IngestAdmissionDeps {
  /** The admission cap; none means every request is admitted. */
  inFlight?: InFlightLimit;
  /** Counts requests the cap refuses (default: none). */
  metrics?: IngestMetrics;
  /** server.maxBodyBytes: a declared length is never charged beyond it. */
  maxBodyBytes: number;
}

/**
 * The ingest cap as route hooks. `admit` runs before the body is read: a request beyond the
 * request cap, or whose declared Content-Length would pass the byte cap, is refused with 503 and
 * Retry-After (a google.rpc.Status for protobuf OTLP) and costs nothing more. A body without a
 * declared length (chunked: every OpenTelemetry JS exporter pipes its body) is charged by
 * `meterBody` as its bytes arrive, and refused mid-stream if it would pass the byte cap. Charging
 * such a body the whole body limit up front would admit only a handful of SDK requests at once.
 * An admitted request holds its share until its response is finished or aborted.
 */
export function ingestAdmission(
  { inFlight, metrics = noIngestMetrics, maxBodyBytes }: IngestAdmissionDeps,
  channel: IngestChannel,
): Pick<RouteDefinition, 'admit' | 'meterBody'> {
  if (!inFlight) return {};
  const tickets = new WeakMap<FastifyRequest, InFlightTicket>();
  const overloaded = () => {
    metrics.refused(channel, 'overloaded');
    const { requests, bytes } = inFlight.usage();
    return new UnavailableError(
      `Too many ingest requests in flight (${requests} requests, ${bytes} body bytes; limits ` +
        `${inFlight.limits.requests} and ${inFlight.limits.bytes}: ingest.maxInFlightRequests, ` +
        `ingest.maxInFlightBytes); retry in ${OVERLOADED_RETRY_AFTER_SECONDS}s`,
      OVERLOADED_RETRY_AFTER_SECONDS,
    );
  };
  return {
    admit: (request: FastifyRequest, reply: FastifyReply) => {
      const declared = declaredLength(request);
      const ticket = inFlight.tryAcquire(declared === undefined ? 0 : Math.min(declared, maxBodyBytes));
      if (ticket) {
        if (declared === undefined) tickets.set(request, ticket);
        // 'finish' when the answer is sent; 'close' also when the client goes away mid-request.
        reply.raw.once('finish', ticket.release);
        reply.raw.once('close', ticket.release);
        return undefined;
      }
      const error = overloaded();
      if (
        channel !== 'remote_write' &&
        mediaType(request.headers['content-type']) === 'application/x-protobuf'
      ) {
        return sendProtobufStatus(reply, error);
      }
      throw error;
    },
    meterBody: (request, payload) => {
      const ticket = tickets.get(request);
      if (!ticket) return payload;
      return payload.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            if (ticket.charge(chunk.length)) done(null, chunk);
            else done(overloaded());
          },
        }),
      );
    },
  };
}

function declaredLength(request: FastifyRequest): number | undefined {
  const value = request.headers['content-length'];
  if (value === undefined || Array.isArray(value)) return undefined;
  const length = Number(value);
  return Number.isFinite(length) && length >= 0 ? length : undefined;
}
