import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '../../kernel/scopes.ts';
import type { Principal } from '../../modules/auth/contract.ts';

type AnySchema = z.ZodType;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Which listener serves a route: the main port, and/or the extra OTLP port. */
export type Listener = 'main' | 'otlp';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; null only on public routes. */
  principal: Principal | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One HTTP route, described once: the same zod schemas validate the request, type the handler
 * and generate /api/openapi.json.
 */
export interface RouteDefinition<
  P extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  B extends AnySchema | undefined = AnySchema | undefined,
  R extends AnySchema | undefined = AnySchema | undefined,
> {
  method: HttpMethod;
  /** Fastify path syntax, e.g. `/api/v1/tokens/:id`. */
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Least scope the caller's token needs, or 'public'. Checked before the body is read. */
  auth: Scope | 'public';
  /**
   * A query parameter that may carry the token instead of `Authorization: Bearer`, for senders
   * that cannot set headers (the Jenkins Notification plugin).
   */
  queryToken?: string;
  /**
   * Header-only checks of a public route that authenticates itself from its body (a signed
   * webhook): they run before the body is read, so an unsigned request is refused without one.
   */
  requestGuard?: (request: FastifyRequest) => void;
  /**
   * Admission after authentication and before the body is read: throws, or sends a reply and
   * returns it, to shed load (e.g. too many ingest requests in flight).
   */
  admit?: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<FastifyReply | undefined> | FastifyReply | undefined;
  /**
   * Wraps the body stream before it is parsed, e.g. to charge a body of undeclared length to the
   * ingest cap as its bytes arrive. The stream it returns may fail with a CairnError.
   */
  meterBody?: (request: FastifyRequest, payload: NodeJS.ReadableStream) => NodeJS.ReadableStream;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A body that is not JSON (protobuf, snappy, text): the handler gets the raw Buffer and these
   * content types are accepted (and documented).
   */
  rawBody?: { contentTypes: string[]; description: string };
  /** Success status and body schema; omit `schema` for an empty body. */
  response: { status: number; description: string; schema?: R; contentType?: string };
  listeners?: Listener[];
  /** Hidden routes (e.g. the SPA fallback) are served but not documented. */
  hidden?: boolean;
  handler: (
    context: RouteContext<Output<P>, Output<Q>, B extends AnySchema ? z.output<B> : Buffer | undefined>,
  ) =>
    | Promise<(R extends AnySchema ? z.input<R> : unknown) | undefined>
    | (R extends AnySchema ? z.input<R> : unknown);
}

/** Identity helper that keeps the generic parameters inferred from the schemas. */
export function defineRoute<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
  R extends AnySchema | undefined = undefined,
>(route: RouteDefinition<P, Q, B, R>): RouteDefinition {
  // Widening to the default parameters is safe: registerRoutes validates params, query and body
  // with these same schemas before the handler runs, so the handler sees exactly what it declared.
  return route as unknown as RouteDefinition;
}
