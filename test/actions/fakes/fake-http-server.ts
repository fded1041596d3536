/**
 * The loopback HTTP server the tool fakes are built on (plain node:http): routes by method and
 * path pattern, records every request, and answers 404 with a JSON message for anything else so a
 * call to an endpoint the fake does not implement fails loudly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

export type FakeRoute = (
  request: RecordedRequest,
  params: Record<string, string>,
) => FakeReply | Promise<FakeReply>;

export interface FakeHttpServer {
  url: string;
  requests: RecordedRequest[];
  route(method: string, pattern: string, handler: FakeRoute): void;
  close(): Promise<void>;
}

/** `pattern` uses `:name` for one path segment and `*name` for the rest of the path. */
export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const routes: { method: string; regex: RegExp; names: string[]; handler: FakeRoute }[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json,
    };
    requests.push(request);
    const route = routes.find(
      (candidate) => candidate.method === request.method && candidate.regex.test(url.pathname),
    );
    let reply: FakeReply;
    if (!route) {
      reply = {
        status: 404,
        body: { message: `the fake does not implement ${request.method} ${url.pathname}` },
      };
    } else {
      const match = route.regex.exec(url.pathname);
      const params = Object.fromEntries(
        route.names.map((name, index) => [name, decodeURIComponent(match?.[index + 1] ?? '')]),
      );
      try {
        reply = await route.handler(request, params);
      } catch (error) {
        reply = { status: 500, body: { message: `fake failed: ${String(error)}` } };
      }
    }
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status ?? 200, {
      ...(reply.body === undefined
        ? {}
        : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json' }),
      ...reply.headers,
    });
    res.end(
      reply.body === undefined ? undefined : isText ? (reply.body as string) : JSON.stringify(reply.body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, pattern, handler) {
      const names: string[] = [];
      const source = pattern
        .split('/')
        .map((part) => {
          if (part.startsWith(':')) {
            names.push(part.slice(1));
            return '([^/]+)';
          }
          if (part.startsWith('*')) {
            names.push(part.slice(1));
            return '(.+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
