import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inInstantRange, instant, instantOfSeconds } from './time-bounds.ts';

describe('time bounds for DateTime64 columns', () => {
  it('binds an instant as DateTime64(9) in UTC, keeping its milliseconds', () => {
    const p = instant(new Date('2026-01-02T03:04:05.678Z'));
    expect([p.type, p.value]).toEqual(["DateTime64(9, 'UTC')", '2026-01-02 03:04:05.678']);
  });

  it('binds epoch seconds as the same DateTime64(9) instant', () => {
    const p = instantOfSeconds(1_767_323_045);
    expect([p.type, p.value]).toEqual(["DateTime64(9, 'UTC')", '2026-01-02 03:04:05.000']);
    expect(() => instantOfSeconds(Number.NaN)).toThrow('time bound: NaN is not a number of seconds');
  });

  it('writes a closed-open range over a named column', () => {
    const q = inInstantRange('Timestamp', {
      from: new Date('2026-01-02T03:04:05.000Z'),
      to: new Date('2026-01-02T03:04:06.000Z'),
    });
    expect(q.text).toBe(
      "`Timestamp` >= {p0:DateTime64(9, 'UTC')} AND `Timestamp` < {p1:DateTime64(9, 'UTC')}",
    );
    expect(q.params).toEqual({ p0: '2026-01-02 03:04:05.000', p1: '2026-01-02 03:04:06.000' });
    expect(() => inInstantRange('Timestamp; DROP', { from: new Date(0), to: new Date(1) })).toThrow(
      'identifier',
    );
  });
});

// The DateTime64(9) columns of the telemetry tables, and the expressions that yield a DateTime
// (whole seconds). A comparison between the two lets ClickHouse prune the parts holding the rows.
const DATETIME64_COLUMN = String.raw`(?:\b|\.)(?:Timestamp|TimeUnix|StartTimeUnix)`;
const DATETIME_EXPRESSION = String.raw`(?:toDateTime|toStartOf\w+|fromUnixTimestamp)\(`;
const COMPARISON = String.raw`\s*(?:<=|>=|<|>|=)\s*`;
const FORBIDDEN = [
  new RegExp(`${DATETIME64_COLUMN}${COMPARISON}${DATETIME_EXPRESSION}`),
  new RegExp(String.raw`${DATETIME_EXPRESSION}.*\)${COMPARISON}${DATETIME64_COLUMN}\b`),
];

const COMMENT = /^\s*(?:\/\/|\/?\*)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('every telemetry query', () => {
  it('compares DateTime64 columns with DateTime64 bounds only (see time-bounds.ts)', () => {
    const src = fileURLToPath(new URL('../../', import.meta.url));
    const offending = sourceFiles(src).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          !COMMENT.test(line) && FORBIDDEN.some((re) => re.test(line))
            ? [`${relative(src, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offending).toEqual([]);
  });

  it('recognises the pattern it forbids', () => {
    const caught = [
      'AND Timestamp < toDateTime(${to})',
      'TimeUnix >= toStartOfMinute(${from})',
      's.Timestamp > fromUnixTimestamp(${t})',
      'toDateTime(${param(s, "UInt32")}) <= Timestamp',
    ];
    const allowed = [
      'Timestamp < ${instant(to)}',
      'TimestampTime <= toDateTime(${to})',
      'Minute >= toStartOfMinute(${from})',
      'toUInt32(toStartOfMinute(Timestamp)) AS minute',
    ];
    expect(caught.filter((line) => !FORBIDDEN.some((re) => re.test(line)))).toEqual([]);
    expect(allowed.filter((line) => FORBIDDEN.some((re) => re.test(line)))).toEqual([]);
  });
});
