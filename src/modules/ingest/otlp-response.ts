import type { FastifyReply } from 'fastify';
import { type CairnError, type ErrorCode, UnavailableError } from '../../kernel/errors.ts';
import type { OtlpIngestResult, OtlpSignal } from './ingest.service.ts';
import { ProtoWriter } from './protobuf/proto-writer.ts';
import type { OtlpEncoding } from './request-body.ts';

/** The partial-success count field of each Export*ServiceResponse. */
export const REJECTED_FIELD: Record<
  OtlpSignal,
  'rejectedSpans' | 'rejectedLogRecords' | 'rejectedDataPoints'
> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

/**
 * The Export*ServiceResponse body in the request's encoding. `partialSuccess` is present only when
 * something was rejected or dropped; OTLP/JSON writes int64 as a decimal string.
 */
export function otlpResponseBody(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  result: OtlpIngestResult,
): Uint8Array | object {
  const problem = result.rejected > 0 || result.errorMessage !== '';
  if (encoding === 'json') {
    return problem
      ? {
          partialSuccess: {
            [REJECTED_FIELD[signal]]: String(result.rejected),
            errorMessage: result.errorMessage,
          },
        }
      : {};
  }
  const response = new ProtoWriter();
  if (problem) {
    response.message(1, new ProtoWriter().uint(1, result.rejected).bytes(2, result.errorMessage));
  }
  return response.finish();
}

/** The statuses server/http/error-handler.ts gives these codes; repeated because that map is private. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthenticated: 401,
  not_allowed: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

/** google.rpc.Code for each error code, as OTLP/gRPC would report it. */
const GRPC_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 3,
  unauthenticated: 16,
  not_allowed: 7,
  payload_too_large: 8,
  unsupported_media_type: 3,
  unavailable: 14,
};

/**
 * Sends a domain error as the OTLP spec asks for protobuf requests: a `google.rpc.Status`
 * (code, message) in `application/x-protobuf`, same HTTP status and Retry-After as the JSON mapping.
 */
export function sendProtobufStatus(reply: FastifyReply, error: CairnError): FastifyReply {
  if (error instanceof UnavailableError && error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.retryAfterSeconds));
  }
  const status = new ProtoWriter()
    .uint(1, GRPC_CODE[error.code] ?? 13)
    .bytes(2, error.message)
    .finish();
  return reply
    .code(HTTP_STATUS[error.code] ?? 500)
    .type('application/x-protobuf')
    .send(Buffer.from(status.buffer, status.byteOffset, status.byteLength));
}
