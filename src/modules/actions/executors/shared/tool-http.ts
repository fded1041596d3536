/**
 * HTTP to a tool's API with the tool's own words on failure. Only GETs are retried (a dropped
 * connection or a 502/503/504 while polling); a POST, PUT or PATCH is sent once, because sending
 * a sync, a dispatch or a build twice is not harmless.
 */
import { ExecutorError } from '../../executor.ts';
import { abortedError, sleep } from './waiting.ts';

export interface ToolResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, otherwise the text ('' when empty). */
  body: unknown;
  text: string;
}

export interface ToolRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string or URLSearchParams. */
  body?: unknown;
  signal: AbortSignal;
  /** Statuses that are answers, not failures (e.g. 404 when "not there yet" is expected). */
  accept?: readonly number[];
}

export type FetchFunction = typeof fetch;

const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const GET_ATTEMPTS = 3;
const GET_RETRY_DELAY_MS = 500;

/** A client for one tool: `tool` names it in messages ("Argo CD refused …"). */
export function createToolClient(tool: string, fetchImpl: FetchFunction = fetch) {
  async function request(url: string, options: ToolRequest): Promise<ToolResponse> {
    const method = options.method ?? 'GET';
    const attempts = method === 'GET' ? GET_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method,
          headers: { accept: 'application/json', ...contentType(options.body), ...options.headers },
          body: encodeBody(options.body),
          signal: options.signal,
          // A read may follow a redirect (a renamed repository); a write never does, because fetch
          // would turn it into a GET or send it twice, and Jenkins answers a stop with a 302.
          redirect: method === 'GET' ? 'follow' : 'manual',
        });
      } catch (error) {
        if (options.signal.aborted) throw abortedError(options.signal, `calling ${tool}`);
        if (attempt < attempts) {
          await sleep(GET_RETRY_DELAY_MS * attempt, options.signal);
          continue;
        }
        throw new ExecutorError(`could not reach ${tool} at ${originOf(url)}: ${causeOf(error)}`);
      }
      const text = await response.text();
      const body = parseBody(text, response.headers.get('content-type'));
      const accepted = response.ok || options.accept?.includes(response.status) === true;
      if (!accepted && TRANSIENT_STATUSES.has(response.status) && attempt < attempts) {
        await sleep(GET_RETRY_DELAY_MS * attempt, options.signal);
        continue;
      }
      if (!accepted) {
        const said = toolMessage(body, text);
        throw new ExecutorError(
          `${tool} answered ${method} ${pathOf(url)} with HTTP ${response.status}${said ? `: "${said}"` : ''}`,
        );
      }
      return { status: response.status, headers: response.headers, body, text };
    }
  }
  return { request };
}

function contentType(body: unknown): Record<string, string> {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams) return { 'content-type': 'application/x-www-form-urlencoded' };
  if (typeof body === 'string') return {};
  return { 'content-type': 'application/json' };
}

function encodeBody(body: unknown): string | URLSearchParams | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return body;
  return JSON.stringify(body);
}

function parseBody(text: string, type: string | null): unknown {
  if (text === '') return '';
  if (type?.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The tool's own message from an error body: `message` (Argo CD, GitHub, Kubernetes Status),
 * `error`, or the text of a small HTML/plain page (Jenkins), trimmed to one readable line.
 */
export function toolMessage(body: unknown, text: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error', 'errorMessage']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname;
  } catch {
    return url;
  }
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
