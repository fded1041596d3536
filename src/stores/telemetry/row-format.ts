import { formatDateTime } from './sql.ts';

/**
 * Marks a row whose values are all plain JSON (strings, finite numbers or text for the rest,
 * booleans, null, arrays and objects of those; no bigint, no Date): it is written with
 * `JSON.stringify` as is, without the replacer, which is several times faster. The ingest row
 * builders set it on every row they make. JSON.stringify skips symbol keys, so the mark is not written.
 */
export const JSON_READY: unique symbol = Symbol('cairn.jsonReadyRow');

/**
 * Encodes rows as JSONEachRow. `JSON.stringify` cannot write bigint and writes Date as ISO-8601 with
 * `T`/`Z`, which ClickHouse's default (`basic`) DateTime input format rejects, so both are converted
 * to the text forms ClickHouse reads: decimal strings and `YYYY-MM-DD hh:mm:ss.mmm` (UTC).
 */
export function encodeJsonEachRow(rows: readonly Record<string, unknown>[]): string {
  let out = '';
  for (const row of rows) out += `${stringifyRow(row)}\n`;
  return out;
}

/** One JSONEachRow line, without the newline; see {@link encodeJsonEachRow} and {@link JSON_READY}. */
export function stringifyRow(row: unknown): string {
  if (typeof row === 'object' && row !== null && JSON_READY in row) return JSON.stringify(row);
  return JSON.stringify(row, replaceValue);
}

/** `bytes` as a Buffer over the same memory (no copy), for the stores' client libraries. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Parses JSONEachRow text into row objects. */
export function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) {
    // The caller names the row type; JSONEachRow gives one object per line and nothing checks it
    // against T here, exactly as with any database driver's typed query.
    if (line.trim() !== '') rows.push(JSON.parse(line) as T);
  }
  return rows;
}

function replaceValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  // JSON.stringify has already called Date#toJSON on `value`, so read the original from the holder.
  const original = this[key];
  if (original instanceof Date) return formatDateTime(original);
  return value;
}
