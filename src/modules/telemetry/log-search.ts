import { InputError } from '../../kernel/errors.ts';
import type { Severity } from './contract.ts';

// ClickHouse's token index (tokenbf_v1) and hasToken split text on ASCII characters that are not
// letters or digits; bytes of non-ASCII characters belong to tokens. Splitting the query the same way
// keeps every needle a single token, which hasToken requires and the index can answer.
const SEPARATORS = /[^A-Za-z0-9\u{80}-\u{10FFFF}]+/u;
const MAX_TOKENS = 16;

/**
 * The words of a body search. Each word is matched as a whole token, case-insensitively for the
 * common spellings (as typed, lower, upper, Capitalised): hasTokenCaseInsensitive cannot use the
 * tokenbf index, while an OR of hasToken calls can.
 */
export function tokenizeQuery(q: string): string[][] {
  const words = q.split(SEPARATORS).filter((w) => w !== '');
  if (words.length === 0) {
    throw new InputError(
      `query.q: must contain at least one letter or digit, got ${JSON.stringify(q)}`,
      'query.q',
    );
  }
  if (words.length > MAX_TOKENS) {
    throw new InputError(`query.q: at most ${MAX_TOKENS} words, got ${words.length}`, 'query.q');
  }
  return words.map((word) => {
    const lower = word.toLowerCase();
    const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
    return [...new Set([word, lower, word.toUpperCase(), capital])];
  });
}

/** OpenTelemetry severity number ranges: each level spans four numbers (TRACE 1-4 … FATAL 21-24). */
const SEVERITY_FLOOR: Record<Severity, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
};
const SEVERITY_ORDER: readonly Severity[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const TEXT_ALIASES: Record<Severity, readonly string[]> = {
  trace: ['trace'],
  debug: ['debug'],
  info: ['info', 'information', 'notice'],
  warn: ['warn', 'warning'],
  error: ['error', 'err'],
  fatal: ['fatal', 'critical', 'crit', 'emergency', 'alert', 'panic'],
};

/**
 * A minimum severity as a number floor plus, for records that carry only text (SeverityNumber 0,
 * as some log shippers send), the lower-case texts at or above that level.
 */
export function severityFloor(severity: Severity): { number: number; texts: string[] } {
  const from = SEVERITY_ORDER.indexOf(severity);
  return {
    number: SEVERITY_FLOOR[severity],
    texts: SEVERITY_ORDER.slice(from).flatMap((s) => TEXT_ALIASES[s]),
  };
}

/** Position after the last row of a page: its time (epoch ns), tiebreak hash and how many rows with that exact key were shown. */
export interface LogCursor {
  t: string;
  h: string;
  skip: number;
}

const NUMERIC = /^\d{1,20}$/;

/** Encodes a cursor as opaque URL-safe text. */
export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(JSON.stringify([cursor.t, cursor.h, cursor.skip])).toString('base64url');
}

/** Decodes a cursor; a tampered or foreign one is a 400 naming `query.cursor`. */
export function decodeLogCursor(text: string): LogCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    NUMERIC.test(value[0]) &&
    typeof value[1] === 'string' &&
    NUMERIC.test(value[1]) &&
    Number.isSafeInteger(value[2]) &&
    value[2] >= 0
  ) {
    return { t: value[0], h: value[1], skip: value[2] };
  }
  throw new InputError('query.cursor: is not a cursor this API returned', 'query.cursor');
}

/**
 * Cuts a page from rows fetched at or after `cursor` (newest first): drops the rows the previous
 * page already showed, keeps `limit`, and returns the cursor for the next page when more rows remain.
 */
export function cutLogPage<R extends { t: string; h: string }>(
  rows: readonly R[],
  cursor: LogCursor | undefined,
  limit: number,
): { page: R[]; next: LogCursor | null } {
  let start = 0;
  if (cursor) {
    while (start < cursor.skip && start < rows.length && sameKey(rows[start], cursor)) start++;
  }
  const page = rows.slice(start, start + limit);
  const last = page.at(-1);
  if (!last || rows.length <= start + limit) return { page, next: null };
  let skip = page.filter((r) => sameKey(r, last)).length;
  if (cursor && sameKey(last, cursor)) skip += start;
  return { page, next: { t: last.t, h: last.h, skip } };
}

function sameKey(a: { t: string; h: string } | undefined, b: { t: string; h: string }): boolean {
  return a !== undefined && a.t === b.t && a.h === b.h;
}
