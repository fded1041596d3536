import type { FastifyError, FastifyInstance } from 'fastify';
import { CairnError, type ErrorCode, UnavailableError } from '../../kernel/errors.ts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'not_allowed',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * The one place errors become HTTP: domain errors map by code, Fastify's own 4xx (bad JSON, body
 * too large, wrong content type) keep their status, and anything else is a 500 whose details go
 * to the log, never to the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | CairnError | Error, request, reply) => {
    if (error instanceof CairnError) {
      if (error instanceof UnavailableError && error.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      return reply.code(STATUS_BY_CODE[error.code]).send(errorBody(error.code, error.message));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(errorBody(CODE_BY_STATUS[status] ?? 'invalid_input', fastifyMessage(error)));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'Internal error; the server log has the details'));
  });
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

function fastifyMessage(error: Error): string {
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    return `body: invalid JSON (${error.message})`;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'body: empty, but the content type is application/json';
  return error.message;
}
