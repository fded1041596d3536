import { getCsrfToken, markSignedOut } from '../auth/session-store.ts';

/** An API call that failed; `message` is written for people and shown as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

interface RequestOptions {
  /** A bearer token (the page's own requests use the session cookie instead). */
  token?: string | null;
  /** Called on a 401 before the error is thrown. */
  onUnauthorized?: () => void;
}

/**
 * Calls the Cairn REST API with the session cookie and returns the parsed JSON body (`undefined`
 * for 204). Requests that change something carry the session's CSRF token. Throws `ApiError`
 * built from the `{ error: { code, message } }` body; a 401 shows the sign-in screen.
 */
export function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const method = (init?.method ?? 'GET').toUpperCase();
  const csrf = getCsrfToken();
  const headers = new Headers(init?.headers);
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers.set('X-CSRF-Token', csrf);
  return request<T>(path, { ...init, headers }, { onUnauthorized: () => markSignedOut() });
}

async function request<T>(path: string, init: RequestInit | undefined, options: RequestOptions): Promise<T> {
  const headers = new Headers(init?.headers);
  headers.set('Accept', 'application/json');
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  if (init?.body !== undefined && init.body !== null && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }

  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(
      0,
      'network',
      'Cannot reach the Cairn server. Check that it is running and try again.',
    );
  }

  if (response.status === 401) options.onUnauthorized?.();
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T; // 204 carries no body; callers type it as void.
  const text = await response.text();
  if (!text) return undefined as T; // Same as 204: an empty body is void to the caller.
  try {
    // The server's presenters define this shape; the API types mirror them.
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      response.status,
      'bad_response',
      `The server sent a response that is not JSON (${path}).`,
    );
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  try {
    const body: unknown = await response.json();
    if (isErrorBody(body)) return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to the status line.
  }
  return new ApiError(response.status, `http_${response.status}`, fallback);
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
