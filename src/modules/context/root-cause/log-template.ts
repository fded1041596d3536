import { raw, type SqlFragment } from '../../../stores/telemetry/index.ts';

/**
 * Log messages become templates by masking the parts that vary between two emissions of the same
 * log statement (ids, numbers, timestamps, quoted values, paths), so "order 42 failed" and
 * "order 43 failed" count as one template whose count can be compared before and after onset.
 *
 * The rules are applied in order, once in JavaScript (tests, display) and once in ClickHouse
 * (`templateSql`, so counting stays an aggregate over the table instead of shipping every message to
 * JS). Every pattern is written in the common subset of JavaScript and RE2 syntax: no look-around,
 * no back-references, no named groups — which is what makes the two implementations agree.
 */
export interface MaskRule {
  readonly name: string;
  /** Pattern source valid both as a JavaScript RegExp (flag `g`) and as RE2 (ClickHouse). */
  readonly pattern: string;
  /** Replacement text; `$1`…`$9` insert a group (written `\1`… for ClickHouse by {@link templateSql}). */
  readonly replacement: string;
}

/** The masking rules, most specific first: a UUID must be masked before its digit runs are. */
export const MASK_RULES: readonly MaskRule[] = [
  {
    name: 'timestamp',
    pattern:
      '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?',
    replacement: '<ts>',
  },
  { name: 'time', pattern: '[0-9]{1,2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?', replacement: '<ts>' },
  {
    name: 'uuid',
    pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    replacement: '<id>',
  },
  { name: 'url', pattern: '[a-zA-Z][a-zA-Z0-9+.-]*://[^ \\t"\'<>]+', replacement: '<url>' },
  { name: 'ip', pattern: '[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(:[0-9]+)?', replacement: '<ip>' },
  { name: 'hex-prefixed', pattern: '0[xX][0-9a-fA-F]+', replacement: '<hex>' },
  // Trace and span ids, hashes, object addresses: long runs of hex digits standing alone.
  { name: 'hex', pattern: '\\b[0-9a-fA-F]{12,}\\b', replacement: '<hex>' },
  { name: 'double-quoted', pattern: '"[^"]*"', replacement: '"<*>"' },
  { name: 'single-quoted', pattern: "'[^']*'", replacement: "'<*>'" },
  // Paths with two or more segments; a lone "/" or "a/b" in prose is left alone.
  { name: 'path', pattern: '(/[A-Za-z0-9._~%{}-]+){2,}/?', replacement: '<path>' },
  // A source location glued to a class or file name (`ContactsServiceImpl#451`, `Foo.java:88`)
  // names the log statement itself, so its digits are kept (marked `L` so the number rule skips
  // them): two statements with the same text on different lines are different events.
  { name: 'code-location', pattern: '([A-Za-z0-9_$]#|\\.[A-Za-z]{1,6}:)([0-9]+)\\b', replacement: '$1L$2' },
  // A quantity glued to its unit (`22ms`, `1.5s`, `512KiB`): the digits vary per emission, the unit
  // names what was measured, so only the unit is kept. Without this `\b` never falls between the
  // digits and the unit, and every latency in an access log would be its own template.
  {
    name: 'measurement',
    pattern: '\\b[0-9]+([.,][0-9]+)?(ns|us|ms|s|m|h|d|[kKMGT]i?[bB]|[bB])\\b',
    replacement: '<num>$2',
  },
  { name: 'number', pattern: '-?\\b[0-9]+([.,][0-9]+)?\\b', replacement: '<num>' },
  { name: 'whitespace', pattern: '\\s+', replacement: ' ' },
];

/** Templates longer than this are cut: the head of a message identifies its statement. */
export const MAX_TEMPLATE_LENGTH = 200;

const compiled = MASK_RULES.map((rule) => ({
  regex: new RegExp(rule.pattern, 'g'),
  replacement: rule.replacement,
}));

/** The template of one log message, e.g. `'user 42 not found'` → `'user <num> not found'`. */
export function toLogTemplate(message: string): string {
  let text = message;
  for (const rule of compiled) text = text.replace(rule.regex, rule.replacement);
  return [...text.trim()].slice(0, MAX_TEMPLATE_LENGTH).join('');
}

/**
 * The same normalisation as a ClickHouse expression over `column`, so templates are counted where
 * the logs are. `column` must be a trusted column expression (it is spliced into the SQL text).
 */
export function templateSql(column: string): SqlFragment {
  let expression = column;
  for (const rule of MASK_RULES) {
    const replacement = rule.replacement.replace(/\$([1-9])/g, '\\$1');
    expression = `replaceRegexpAll(${expression}, ${quote(rule.pattern)}, ${quote(replacement)})`;
  }
  // raw() is safe: the column comes from the caller's constant text and the rules are constants above.
  return raw(`substringUTF8(trimBoth(${expression}), 1, ${MAX_TEMPLATE_LENGTH})`);
}

/** A ClickHouse string literal: backslashes and quotes escaped. */
function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
