/**
 * OTLP `AnyValue` as decoded, and its string form exactly as the clickhouseexporter writes it
 * (pdata `Value.AsString()`): strings as is, ints in decimal, doubles like ES6 `String(n)`, bools as
 * `true`/`false`, bytes as standard base64, and maps and arrays as the JSON Go's `encoding/json`
 * produces (keys sorted, `<`, `>` and `&` escaped). Int64 stays a bigint so no digit is lost.
 */
export type AnyValue = null | string | boolean | bigint | number | Uint8Array | AnyValue[] | AnyMap;

/** A kvlist value; a class so it can be told apart from the other object-shaped values. */
export class AnyMap {
  readonly entries: [string, AnyValue][] = [];
}

/** The exporter's string form of a value; see the file comment. */
export function anyValueToString(value: AnyValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatDouble(value);
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return goJson(value);
}

/** pdata formats doubles as ES6 does, and writes non-finite values with this prefix (float64AsString). */
export function formatDouble(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return `json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`;
}

function goJson(value: AnyValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  // encoding/json refuses NaN/Inf and pdata then yields an empty string for the whole value; null
  // keeps the rest of the structure readable instead.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value instanceof Uint8Array) return `"${anyValueToString(value)}"`;
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const byKey = new Map(value.entries);
  const keys = [...byKey.keys()].sort();
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(byKey.get(k) ?? null)}`).join(',')}}`;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/** JSON string as Go's encoding/json writes it: HTML-safe escapes on top of JSON.stringify. */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
