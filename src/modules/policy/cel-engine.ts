/**
 * The CEL engine every policy door shares: one environment (optional syntax on, unknown variables
 * dynamic, the Kubernetes libraries registered), a cache of compiled expressions, and the
 * conversion from JSON/YAML data to CEL values (whole numbers become CEL `int`, as the apiserver
 * reads them). The engine was chosen by measurement: docs/adr/0005-cel-engine.md.
 */
import { Environment, Optional, type ParseResult } from '@marcbachmann/cel-js';
import { registerKubernetesLibraries } from './k8s-cel-libraries.ts';

/** A compiled expression, evaluated against an activation of named values. */
export type CompiledExpression = (activation: Record<string, unknown>) => unknown;

/** An expression that does not parse, or fails to evaluate; the message quotes CEL's reason. */
export class CelExpressionError extends Error {
  readonly expression: string;
  constructor(expression: string, reason: string) {
    super(reason);
    this.expression = expression;
    this.name = 'CelExpressionError';
  }
}

function createEnvironment(): Environment {
  const environment = new Environment({
    unlistedVariablesAreDyn: true,
    enableOptionalTypes: true,
    // Kubernetes objects are dynamic: a list literal mixing kinds is legal there.
    homogeneousAggregateLiterals: false,
  });
  registerKubernetesLibraries(environment);
  return environment;
}

const environment = createEnvironment();
const compiled = new Map<string, ParseResult>();
/** Bounded so a client sending ever-new expressions cannot grow memory without limit. */
const maxCachedExpressions = 5000;

/** Parses once per distinct expression text; throws CelExpressionError on a syntax error. */
export function compileExpression(expression: string): CompiledExpression {
  let parsed = compiled.get(expression);
  if (!parsed) {
    try {
      parsed = environment.parse(expression);
      relaxOrValue(parsed.ast);
    } catch (error) {
      throw new CelExpressionError(expression, firstLine(error));
    }
    if (compiled.size >= maxCachedExpressions) compiled.clear();
    compiled.set(expression, parsed);
  }
  const program = parsed;
  return (activation) => {
    try {
      return program(activation);
    } catch (error) {
      throw new CelExpressionError(expression, firstLine(error));
    }
  };
}

/** Evaluates `expression` against `activation` (values already converted with `toCelValue`). */
export function evaluateExpression(expression: string, activation: Record<string, unknown>): unknown {
  return compileExpression(expression)(activation);
}

/**
 * Converts parsed JSON/YAML into CEL input: integral numbers become `int` (bigint), as the
 * apiserver's schema-typed integers are; other numbers stay `double`.
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = toCelValue(entry);
    return out;
  }
  return value;
}

/** Converts a CEL result back into JSON-safe data (bigint → number, Maps → objects). */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCelValue(v)]));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCelValue(v)]));
  }
  return value;
}

/** The parts of a parsed node this module reads; the library's AST nodes carry more. */
interface AstNodeView {
  op: string;
  args: unknown;
  meta: { macro?: OrValueMacro; alternate?: unknown };
}
interface OrValueMacro {
  receiver: unknown;
  arg: unknown;
  evaluate(evaluator: MacroEvaluator, macro: OrValueMacro, context: unknown): unknown;
}
interface MacroEvaluator {
  run(node: unknown, context: unknown): unknown;
}

const isAstNode = (value: unknown): value is AstNodeView =>
  value !== null && typeof value === 'object' && 'op' in value && 'meta' in value;

/**
 * cel-go returns the receiver of `x.orValue(y)` unchanged when `x` is not an optional (its
 * interpreter short-circuits `orValue`), and Kyverno's policies rely on it:
 * `container.securityContext.capabilities.add.orValue([])`. The library insists on an optional,
 * so each parsed `orValue` is given cel-go's evaluation.
 */
function relaxOrValue(root: unknown): void {
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isAstNode(value)) {
      for (const item of Object.values(value)) visit(item);
      return;
    }
    const { macro, alternate } = value.meta;
    if (value.op === 'rcall' && Array.isArray(value.args) && value.args[0] === 'orValue' && macro) {
      macro.evaluate = (evaluator, m, context) => {
        const resolve = (receiver: unknown): unknown => {
          if (!(receiver instanceof Optional)) return receiver;
          return receiver.hasValue() ? receiver.value() : evaluator.run(m.arg, context);
        };
        const receiver = evaluator.run(m.receiver, context);
        return receiver instanceof Promise ? receiver.then(resolve) : resolve(receiver);
      };
    }
    visit(value.args);
    visit(alternate);
  };
  visit(root);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
