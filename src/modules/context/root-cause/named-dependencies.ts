import { type SqlFragment, sql } from '../../../stores/telemetry/index.ts';
import type { CallEdgeRow } from './span-signals.store.ts';

/**
 * Error messages that name a service the logger calls: "No instances available for ts-basic-service",
 * "connection refused: payment:8080", "upstream checkout returned 503". Such an error is the
 * dependency's, reported by its caller — often the only trace of it when the call never reached the
 * dependency (nothing to discover, a refused connection, a timeout before any span was written).
 * Counting it as the caller's own error puts the caller first; it is treated like an error
 * propagated from an erroring callee instead.
 *
 * Only the logger's callees as the traces of the same window show them are matched, so a message
 * that merely contains a word that is also some unrelated service's name ("cart is empty") is left
 * alone, and a service naming itself is not a dependency.
 */
export interface NamedDependencies {
  /** Parallel arrays, one pair per (caller, callee) edge: the caller and a pattern matching the callee's name. */
  readonly callers: readonly string[];
  readonly patterns: readonly string[];
}

/** The callee patterns per caller, from the observed call edges. */
export function namedDependencies(edges: readonly CallEdgeRow[]): NamedDependencies {
  const callers: string[] = [];
  const patterns: string[] = [];
  for (const { caller, callee } of edges) {
    if (caller === callee || callee.length === 0) continue;
    callers.push(caller);
    patterns.push(nameAsWord(callee));
  }
  return { callers, patterns };
}

/** Whether `text`, written by `service`, names one of the services it calls. */
export function namesDependency(dependencies: NamedDependencies, service: string, text: string): boolean {
  return dependencies.callers.some(
    (caller, i) => caller === service && new RegExp(dependencies.patterns[i] ?? '$^').test(text),
  );
}

/**
 * The same test in ClickHouse, on a row of otel_logs (columns ServiceName and Body): the line names
 * a service its own service calls.
 */
export function namesDependencySql(dependencies: NamedDependencies): SqlFragment {
  return sql`arrayExists((c, p) -> c = ServiceName AND match(Body, p), ${dependencies.callers}, ${dependencies.patterns})`;
}

/**
 * A pattern matching `name` as a whole word: not inside a longer name ("cart" does not match
 * "cartservice"). Only syntax JavaScript and RE2 (ClickHouse's `match`) share, so both agree.
 */
function nameAsWord(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, (c) => `\\${c}`);
  return `(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`;
}
