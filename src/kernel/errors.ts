/**
 * Domain errors. Services throw these; exactly one HTTP mapping (server/http/error-handler.ts)
 * turns them into status codes and the `{ error: { code, message } }` body.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'not_allowed'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

export class CairnError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The request or configuration carries a bad value; the message names the field. */
export class InputError extends CairnError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super('invalid_input', message);
    this.field = field;
  }
}

export class UnauthenticatedError extends CairnError {
  constructor(message = 'A valid bearer token is required (Authorization: Bearer <token>)') {
    super('unauthenticated', message);
  }
}

export class NotAllowedError extends CairnError {
  /**
   * Who was refused, when the refusal happens before a request's caller is settled (a browser
   * session failing the CSRF check), so the refusal can still be audited against them.
   */
  readonly refused: { actorId: string; name: string } | null;

  constructor(message: string, refused: { actorId: string; name: string } | null = null) {
    super('not_allowed', message);
    this.refused = refused;
  }
}

export class NotFoundError extends CairnError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ConflictError extends CairnError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class PayloadTooLargeError extends CairnError {
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

export class UnsupportedMediaTypeError extends CairnError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** A dependency (store, queue) cannot take the work now; callers may retry after `retryAfterSeconds`. */
export class UnavailableError extends CairnError {
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, retryAfterSeconds?: number) {
    super('unavailable', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Turns anything thrown into a one-line reason, for CLI output and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
