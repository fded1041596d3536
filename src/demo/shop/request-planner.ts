import type { Random } from '../random.ts';
import type { Faults } from './faults.ts';
import {
  grpcServiceName,
  type Operation,
  operationOf,
  SERVICE_PROFILES,
  type ShopService,
  type Step,
} from './topology.ts';

/**
 * The shop's background noise. About 0.5% of frontend requests fail on the client's side (a 404
 * for a product that is gone, a 400 for a bad form): logged, answered 4xx, not span errors, as
 * the HTTP semantic conventions say. Server-side failures are rarer, well inside the example
 * catalog's SLOs (payment's 99.99% leaves 0.01%), so only the scenarios burn error budget.
 */
export const CLIENT_ERROR_RATE = 0.005;
/** Probability that a service's own work fails with nothing wrong. */
export const BACKGROUND_ERROR_RATE = 0.00002;
/** A database or provider call that fails on its own (timeouts, connection resets). */
const DEPENDENCY_ERROR_RATE = 0.00001;
/** A query slower than this is logged as slow by the service that ran it. */
const SLOW_QUERY_MS = 200;

export type Attributes = Record<string, string | number | boolean>;

export interface PlannedLog {
  atMs: number;
  severity: 'INFO' | 'WARN' | 'ERROR';
  body: string;
  attributes: Attributes;
}

/** One span of a simulated request, timed relative to the start of the trace. */
export interface PlannedSpan {
  service: ShopService;
  kind: 'server' | 'client';
  name: string;
  startMs: number;
  durationMs: number;
  /** The error message when the span failed. */
  error: string | undefined;
  attributes: Attributes;
  children: PlannedSpan[];
  logs: PlannedLog[];
}

/**
 * Plans one request through the shop: every span with its timing and outcome, before any of it is
 * emitted. Latencies are log-normal; faults add errors and slowness; a failed critical call fails
 * its caller, so errors propagate up to the frontend as they would in the real shop.
 */
export function planRequest(entry: string, random: Random, faults: Faults): PlannedSpan {
  return planOperation(operationOf(entry), 0, random, faults);
}

function planOperation(operation: Operation, startMs: number, random: Random, faults: Faults): PlannedSpan {
  const { service } = operation;
  const fault = faults.errorOf(service);
  const effects = faults.effectsOf(service);
  // A stop-the-world collection freezes whatever request is being served when it runs.
  const pauseMs = effects.gcPauseRate > 0 && random.chance(effects.gcPauseRate) ? effects.gcPauseMs : 0;
  const selfMs =
    random.logNormal(operation.selfMedianMs, operation.sigma) * faults.latencyFactorOf(service) + pauseMs;
  const span: PlannedSpan = {
    service,
    kind: 'server',
    name: operation.name,
    startMs,
    durationMs: 0,
    error: undefined,
    attributes: serverAttributes(operation),
    children: [],
    logs: [],
  };
  let at = startMs + selfMs / 2;
  const clientError = operation.protocol === 'http' && random.chance(CLIENT_ERROR_RATE);
  if (clientError) {
    const notFound = operation.http?.route === '/product/{id}';
    span.attributes['http.response.status_code'] = notFound ? 404 : 400;
    span.logs.push({
      atMs: at,
      severity: 'WARN',
      body: `${operation.name} ${notFound ? '404 product not found' : '400 invalid request: missing field'}`,
      attributes: { 'http.route': operation.http?.route ?? '' },
    });
    span.durationMs = selfMs;
    return span;
  }
  if (random.chance(BACKGROUND_ERROR_RATE + fault.rate)) {
    // The service's own code fails before it calls anything further.
    const usedFault = fault.rate > 0 && random.chance(fault.rate / (BACKGROUND_ERROR_RATE + fault.rate));
    span.error = usedFault && fault.message ? fault.message : backgroundErrorOf(service);
    span.logs.push({ atMs: at, severity: 'ERROR', body: span.error, attributes: codeAttributes(operation) });
  } else {
    // A thrown exception nobody logs ends the work part-way; a changed return value takes the
    // early-return branch and skips the rest. Neither writes a line.
    const throwsSilently = effects.silentExceptionRate > 0 && random.chance(effects.silentExceptionRate);
    const returnsEarly =
      !throwsSilently && effects.changedReturnRate > 0 && random.chance(effects.changedReturnRate);
    const stepsRun = throwsSilently
      ? operation.steps.slice(0, Math.floor(operation.steps.length / 2))
      : returnsEarly
        ? []
        : operation.steps;
    if (throwsSilently) span.error = `unhandled exception in ${operation.name}`;
    for (const step of stepsRun) {
      if (step.kind === 'call' && step.probability !== undefined && !random.chance(step.probability))
        continue;
      const child = planStep(step, service, at, random, faults);
      span.children.push(child);
      at += child.durationMs;
      if (child.error === undefined) {
        if (step.kind === 'db' && child.durationMs > SLOW_QUERY_MS) {
          span.logs.push({
            atMs: at,
            severity: 'WARN',
            body: `slow query took ${Math.round(child.durationMs)} ms: ${step.statement}`,
            attributes: { 'db.system': step.system },
          });
        }
        continue;
      }
      const critical = step.kind !== 'call' || step.critical;
      if (!critical) {
        span.logs.push({
          atMs: at,
          severity: 'WARN',
          body: `${child.name} failed, serving the page without it: ${child.error}`,
          attributes: {},
        });
        continue;
      }
      span.error = `${child.name} failed: ${child.error}`;
      span.logs.push({
        atMs: at,
        severity: 'ERROR',
        body: span.error,
        attributes: codeAttributes(operation),
      });
      break;
    }
  }
  span.durationMs = at + selfMs / 2 - startMs;
  finishAttributes(span, operation);
  if (operation.protocol === 'http') {
    span.logs.push({
      atMs: startMs + span.durationMs,
      severity: span.error ? 'ERROR' : 'INFO',
      body: `${operation.name} ${span.error ? 500 : 200} ${Math.round(span.durationMs)}ms`,
      attributes: { 'http.route': operation.http?.route ?? '' },
    });
  }
  return span;
}

function planStep(
  step: Step,
  caller: ShopService,
  startMs: number,
  random: Random,
  faults: Faults,
): PlannedSpan {
  const own = faults.effectsOf(caller);
  if (step.kind === 'call') return planCall(step.operation, caller, startMs, random, faults);
  // Calls leaving the service cross its interface: its egress on the way out, ingress on the way back.
  const wireMs =
    own.egressDelayMs +
    own.ingressDelayMs +
    lossDelayMs(own.egressLoss, random) +
    lossDelayMs(own.ingressLoss, random);
  if (step.kind === 'db') {
    const durationMs =
      random.logNormal(step.medianMs, 0.7) * faults.databaseFactorOf(step.system) * own.ownDatabaseFactor +
      wireMs;
    const failed = random.chance(DEPENDENCY_ERROR_RATE);
    const database: Attributes =
      step.system === 'redis'
        ? {
            'db.system': 'redis',
            'db.system.name': 'redis',
            'server.address': 'redis-cart',
            'server.port': 6379,
          }
        : {
            'db.system': 'postgresql',
            'db.system.name': 'postgresql',
            'db.name': 'shop',
            'db.namespace': 'shop',
            'server.address': 'postgres',
            'server.port': 5432,
          };
    return {
      service: caller,
      kind: 'client',
      name: step.name,
      startMs,
      durationMs,
      error: failed ? `${step.system}: connection reset by peer` : undefined,
      attributes: { ...database, 'db.statement': step.statement, 'db.query.text': step.statement },
      children: [],
      logs: [],
    };
  }
  const durationMs = random.logNormal(step.medianMs, 0.35) + wireMs;
  const failed = random.chance(DEPENDENCY_ERROR_RATE);
  return {
    service: caller,
    kind: 'client',
    name: step.name,
    startMs,
    durationMs,
    error: failed ? `${step.host}: 502 Bad Gateway` : undefined,
    attributes: {
      'peer.service': step.peer,
      'server.address': step.host,
      'server.port': 443,
      'http.request.method': 'POST',
      'url.full': step.url,
      'http.response.status_code': failed ? 502 : 200,
    },
    children: [],
    logs: [],
  };
}

/** Linux's minimum TCP retransmission timeout: a lost segment is sent again after it, doubling each time. */
const RETRANSMIT_TIMEOUT_MS = 200;
/** The gRPC deadline the shop's clients set: a call not answered by then fails on the client. */
const CALL_DEADLINE_MS = 1000;

/** Time a request or response leg loses to retransmissions when each try is lost with `loss`. */
function lossDelayMs(loss: number, random: Random): number {
  let delayMs = 0;
  for (let attempt = 0; attempt < 4 && loss > 0 && random.chance(loss); attempt++)
    delayMs += RETRANSMIT_TIMEOUT_MS * 2 ** attempt;
  return delayMs;
}

/**
 * One RPC from `caller` to the operation `key`: the client span in the caller, the callee's server
 * span under it. The request leg leaves through the caller's egress and enters through the
 * callee's ingress; the response the other way round, so a delay or loss on either interface
 * lengthens the client span and leaves the server span alone. A refused connection (the callee is
 * down) fails at once with no server span; a call unanswered by the deadline fails on the client,
 * with no server span when the request never arrived in time.
 */
function planCall(
  key: string,
  caller: ShopService,
  startMs: number,
  random: Random,
  faults: Faults,
): PlannedSpan {
  const callee = operationOf(key);
  const from = faults.effectsOf(caller);
  const to = faults.effectsOf(callee.service);
  const attributes: Attributes = {
    'rpc.system': 'grpc',
    'rpc.service': `oteldemo.${grpcServiceName(callee.service)}`,
    'rpc.method': callee.name.split('/')[1] ?? callee.name,
    'server.address': SERVICE_PROFILES[callee.service].telemetryName,
    'server.port': 8080,
  };
  const address = `${SERVICE_PROFILES[callee.service].telemetryName}:8080`;
  const client = (durationMs: number, error: string | undefined, code: number, children: PlannedSpan[]) => ({
    service: caller,
    kind: 'client' as const,
    name: callee.name,
    startMs,
    durationMs,
    error,
    attributes: { ...attributes, 'rpc.grpc.status_code': code },
    children,
    logs: [],
  });
  if (to.down) {
    return client(random.logNormal(1, 0.3), `14 UNAVAILABLE: connect ECONNREFUSED ${address}`, 14, []);
  }
  const networkMs = random.logNormal(0.4, 0.4);
  const requestMs =
    networkMs / 2 +
    from.egressDelayMs +
    to.ingressDelayMs +
    lossDelayMs(Math.max(from.egressLoss, to.ingressLoss), random);
  const responseMs =
    networkMs / 2 +
    to.egressDelayMs +
    from.ingressDelayMs +
    lossDelayMs(Math.max(to.egressLoss, from.ingressLoss), random);
  const deadline = `4 DEADLINE_EXCEEDED: deadline exceeded after ${CALL_DEADLINE_MS / 1000}s calling ${address}`;
  if (requestMs >= CALL_DEADLINE_MS) return client(CALL_DEADLINE_MS, deadline, 4, []);
  const server = planOperation(callee, startMs + requestMs, random, faults);
  const durationMs = requestMs + server.durationMs + responseMs;
  if (durationMs >= CALL_DEADLINE_MS && server.error === undefined)
    return client(CALL_DEADLINE_MS, deadline, 4, [server]);
  return client(durationMs, server.error, server.error ? 2 : 0, [server]);
}

function serverAttributes(operation: Operation): Attributes {
  if (operation.protocol === 'http' && operation.http) {
    return {
      'http.request.method': operation.http.method,
      'http.route': operation.http.route,
      'url.scheme': 'https',
    };
  }
  const [rpcService, rpcMethod] = operation.name.split('/');
  return { 'rpc.system': 'grpc', 'rpc.service': rpcService ?? '', 'rpc.method': rpcMethod ?? '' };
}

function finishAttributes(span: PlannedSpan, operation: Operation): void {
  if (operation.protocol === 'http') span.attributes['http.response.status_code'] = span.error ? 500 : 200;
  else span.attributes['rpc.grpc.status_code'] = span.error ? 2 : 0;
}

function codeAttributes(operation: Operation): Attributes {
  return { 'code.function': operation.name.split('/').at(-1) ?? operation.name };
}

const BACKGROUND_ERRORS: Record<ShopService, string> = {
  frontend: 'context deadline exceeded while rendering template',
  cart: 'redis: i/o timeout',
  checkout: 'order validation failed: inconsistent cart state',
  payment: 'card processor returned an unexpected response',
  shipping: 'quote service temporarily unavailable',
  currency: 'exchange rate cache miss and upstream timeout',
  productcatalog: 'failed to decode product row',
  recommendation: 'model scoring timed out',
  ads: 'ad index not loaded yet',
  email: 'SMTP relay refused connection',
};

function backgroundErrorOf(service: ShopService): string {
  return BACKGROUND_ERRORS[service];
}
