/**
 * The one way to build telemetry SQL: a tagged template whose interpolated values become ClickHouse
 * typed query parameters (`{p0:String}`), bound by the engine, never spliced into the text.
 *
 * ```ts
 * const q = sql`SELECT count() AS n FROM otel_logs
 *               WHERE ServiceName = ${service} AND Timestamp >= ${from}`;
 * // q.text:   'SELECT … WHERE ServiceName = {p0:String} AND Timestamp >= {p1:DateTime64(3, \'UTC\')}'
 * // q.params: { p0: 'checkout', p1: '2026-01-01 00:00:00.000' }
 * ```
 */

/** A value as handed to the driver for one `{name:Type}` placeholder. */
export type SqlParamValue =
  | string
  | number
  | bigint
  | boolean
  | readonly string[]
  | readonly number[]
  | readonly bigint[];

/** What a telemetry store executes: text with `{pN:Type}` placeholders and their values. */
export interface SqlQuery {
  readonly text: string;
  readonly params: Readonly<Record<string, SqlParamValue>>;
}

/** Values the `sql` tag accepts without an explicit type; the type is inferred (see {@link inferParam}). */
export type SqlValue = string | number | bigint | boolean | Date | readonly string[] | readonly number[];

/** Anything that can sit inside `${…}` of the `sql` tag. */
export type SqlInterpolation = SqlValue | SqlFragment | TypedParam;

/** A value with an explicit ClickHouse type, from {@link param}. */
export class TypedParam {
  readonly value: SqlParamValue;
  readonly type: string;
  constructor(value: SqlParamValue, type: string) {
    this.value = value;
    this.type = type;
  }
}

/** Text that is trusted SQL, from {@link ident} or {@link raw}. */
class TrustedText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

type Chunk = TrustedText | TypedParam;

/**
 * A composable piece of SQL. Parameters are numbered when the fragment is rendered, so nesting a
 * fragment inside another renumbers its placeholders instead of colliding.
 */
export class SqlFragment implements SqlQuery {
  readonly chunks: readonly Chunk[];
  readonly text: string;
  readonly params: Readonly<Record<string, SqlParamValue>>;

  constructor(chunks: readonly Chunk[]) {
    this.chunks = chunks;
    let text = '';
    const params: Record<string, SqlParamValue> = {};
    let n = 0;
    for (const chunk of chunks) {
      if (chunk instanceof TrustedText) {
        text += chunk.text;
      } else {
        const name = `p${n++}`;
        text += `{${name}:${chunk.type}}`;
        params[name] = chunk.value;
      }
    }
    this.text = text;
    this.params = params;
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Type names end up in the query text, so only the characters ClickHouse type syntax needs are allowed
// (`Array(String)`, `DateTime64(9, 'UTC')`, `Map(String, UInt64)`); `{`, `}` and `;` never are.
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\([A-Za-z0-9_, ()']*\))?$/;

const DATE_TYPE = "DateTime64(3, 'UTC')";

/** Tagged template: interpolated values become typed parameters; fragments are spliced in. */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlFragment {
  const chunks: Chunk[] = [];
  strings.forEach((text, i) => {
    if (text !== '') chunks.push(new TrustedText(text));
    if (i < values.length) appendValue(chunks, values[i], i);
  });
  return new SqlFragment(chunks);
}

/** Binds `value` with an explicit ClickHouse type, e.g. `param(id, 'UInt64')` or `param(ts, 'DateTime64(9)')`. */
export function param(value: SqlValue, type: string): TypedParam {
  if (!TYPE_NAME.test(type)) throw new Error(`sql: ${JSON.stringify(type)} is not a ClickHouse type name`);
  return new TypedParam(toParamValue(value, type), type);
}

/** A table, database or column name, validated and backquoted. */
export function ident(name: string): SqlFragment {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`sql: identifier ${JSON.stringify(name)} must match ${IDENTIFIER.source}`);
  }
  return new SqlFragment([new TrustedText(`\`${name}\``)]);
}

/**
 * Trusted constant SQL text (a keyword, an ORDER BY direction chosen from a fixed list, a setting).
 * It exists because some SQL cannot be a parameter — ClickHouse binds values, not syntax — and
 * `ident` only covers names. Never pass anything derived from input here.
 */
export function raw(trustedConstantText: string): SqlFragment {
  return new SqlFragment([new TrustedText(trustedConstantText)]);
}

/** Joins fragments with a constant separator (`', '`, `' AND '`); parameters are renumbered. */
export function join(fragments: readonly SqlFragment[], separator = ', '): SqlFragment {
  const chunks: Chunk[] = [];
  fragments.forEach((fragment, i) => {
    if (i > 0 && separator !== '') chunks.push(new TrustedText(separator));
    chunks.push(...fragment.chunks);
  });
  return new SqlFragment(chunks);
}

/**
 * Formats a Date the way ClickHouse parses DateTime/DateTime64 text in both parameter binding and
 * JSONEachRow input: `YYYY-MM-DD hh:mm:ss.mmm`, in UTC.
 */
export function formatDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('sql: cannot bind an invalid Date');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** The ClickHouse type and driver value inferred for an interpolated JS value. */
export function inferParam(value: SqlValue): TypedParam {
  if (typeof value === 'string') return new TypedParam(value, 'String');
  if (typeof value === 'boolean') return new TypedParam(value, 'Bool');
  if (typeof value === 'bigint') return new TypedParam(value, 'Int64');
  if (typeof value === 'number') {
    return new TypedParam(finite(value), Number.isSafeInteger(value) ? 'Int64' : 'Float64');
  }
  if (value instanceof Date) return new TypedParam(formatDateTime(value), DATE_TYPE);
  return inferArray(value);
}

function inferArray(values: readonly unknown[]): TypedParam {
  // An empty array carries no element type; String is the common case (`IN` over names). Use
  // `param([], 'Array(UInt64)')` when the column is not a string.
  if (values.length === 0) return new TypedParam([], 'Array(String)');
  if (values.every((v): v is string => typeof v === 'string')) return new TypedParam(values, 'Array(String)');
  if (values.every((v): v is number => typeof v === 'number')) {
    values.forEach(finite);
    return new TypedParam(values, values.every(Number.isSafeInteger) ? 'Array(Int64)' : 'Array(Float64)');
  }
  throw new Error(
    `sql: arrays must hold only strings or only numbers (got ${JSON.stringify(values.map((v) => typeof v))})`,
  );
}

function appendValue(chunks: Chunk[], value: SqlInterpolation | undefined, index: number): void {
  if (value === null || value === undefined) {
    throw new Error(
      `sql: value #${index} is ${value === null ? 'null' : 'undefined'}; bind a concrete value, or build the ` +
        'condition only when the value is present (ClickHouse parameters have no implicit NULL)',
    );
  }
  if (value instanceof SqlFragment) chunks.push(...value.chunks);
  else if (value instanceof TypedParam) chunks.push(value);
  else if (isSqlValue(value)) chunks.push(inferParam(value));
  else throw new Error(`sql: value #${index} has unsupported type ${describeType(value)}`);
}

function toParamValue(value: SqlValue, type: string): SqlParamValue {
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === 'number') return finite(value);
  if (value === null || value === undefined) throw new Error(`sql: cannot bind ${String(value)} as ${type}`);
  return value;
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new Error(`sql: cannot bind non-finite number ${value}`);
  return value;
}

function isSqlValue(value: unknown): value is SqlValue {
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof Date ||
    Array.isArray(value)
  );
}

function describeType(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
