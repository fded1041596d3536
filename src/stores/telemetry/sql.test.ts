import { describe, expect, it } from 'vitest';
import { ident, join, param, raw, sql } from './sql.ts';

describe('sql tag', () => {
  it('binds each value as a typed parameter inferred from its JS type', () => {
    const q = sql`SELECT ${'checkout'}, ${42}, ${1.5}, ${2 ** 60}, ${9007199254740993n}, ${true}, ${false}`;
    expect(q.text).toBe(
      'SELECT {p0:String}, {p1:Int64}, {p2:Float64}, {p3:Float64}, {p4:Int64}, {p5:Bool}, {p6:Bool}',
    );
    expect(q.params).toEqual({
      p0: 'checkout',
      p1: 42,
      p2: 1.5,
      p3: 2 ** 60,
      p4: 9007199254740993n,
      p5: true,
      p6: false,
    });
  });

  it('binds a Date as DateTime64(3) read in UTC, as millisecond text', () => {
    const q = sql`WHERE Timestamp >= ${new Date('2026-01-02T03:04:05.678Z')}`;
    expect(q.text).toBe("WHERE Timestamp >= {p0:DateTime64(3, 'UTC')}");
    expect(q.params).toEqual({ p0: '2026-01-02 03:04:05.678' });
  });

  it('binds arrays as Array(String), Array(Int64) or Array(Float64)', () => {
    const q = sql`${['a', "b'c"]} ${[1, 2]} ${[1, 2.5]} ${[]}`;
    expect(q.text).toBe('{p0:Array(String)} {p1:Array(Int64)} {p2:Array(Float64)} {p3:Array(String)}');
    expect(q.params).toEqual({ p0: ['a', "b'c"], p1: [1, 2], p2: [1, 2.5], p3: [] });
  });

  it('keeps values out of the text, whatever they contain', () => {
    const q = sql`WHERE name = ${"x' OR 1=1 --"}`;
    expect(q.text).toBe('WHERE name = {p0:String}');
    expect(q.params).toEqual({ p0: "x' OR 1=1 --" });
  });

  it('takes an explicit type from param()', () => {
    const q = sql`WHERE id = ${param(18446744073709551615n, 'UInt64')} AND ts > ${param(new Date(0), 'DateTime64(9)')}`;
    expect(q.text).toBe('WHERE id = {p0:UInt64} AND ts > {p1:DateTime64(9)}');
    expect(q.params).toEqual({ p0: 18446744073709551615n, p1: '1970-01-01 00:00:00.000' });
  });

  it('refuses a param() type that is not a type name', () => {
    expect(() => param('x', 'String} OR {a:String')).toThrow(
      'sql: "String} OR {a:String" is not a ClickHouse type name',
    );
  });

  it('renumbers parameters of nested fragments', () => {
    const filter = sql`AND SeverityText = ${'ERROR'} AND Body != ${''}`;
    const q = sql`SELECT * FROM t WHERE ServiceName = ${'api'} ${filter} LIMIT ${10}`;
    expect(q.text).toBe(
      'SELECT * FROM t WHERE ServiceName = {p0:String} AND SeverityText = {p1:String} AND Body != {p2:String} LIMIT {p3:Int64}',
    );
    expect(q.params).toEqual({ p0: 'api', p1: 'ERROR', p2: '', p3: 10 });
  });

  it('joins fragments with a separator and renumbers', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${'x'}`, sql`c IN ${['y']}`];
    const q = sql`WHERE ${join(conditions, ' AND ')}`;
    expect(q.text).toBe('WHERE a = {p0:Int64} AND b = {p1:String} AND c IN {p2:Array(String)}');
    expect(q.params).toEqual({ p0: 1, p1: 'x', p2: ['y'] });
    expect(join([]).text).toBe('');
  });

  it('splices identifiers backquoted and raw text verbatim', () => {
    const q = sql`SELECT count() FROM ${ident('otel_logs')} ORDER BY 1 ${raw('DESC')}`;
    expect(q.text).toBe('SELECT count() FROM `otel_logs` ORDER BY 1 DESC');
    expect(q.params).toEqual({});
  });

  it('rejects identifiers outside [A-Za-z_][A-Za-z0-9_]*', () => {
    for (const bad of ['', '1abc', 'a.b', 'a`b', 'a b', 'otel_logs; DROP TABLE x']) {
      expect(() => ident(bad)).toThrow(`sql: identifier ${JSON.stringify(bad)} must match`);
    }
  });

  it('rejects null and undefined with a clear message', () => {
    const missing: string | undefined = undefined;
    // The tag's parameter type already forbids these; the casts imitate untyped callers (JSON input).
    expect(() => sql`WHERE a = ${missing as unknown as string}`).toThrow(
      'sql: value #0 is undefined; bind a concrete value',
    );
    expect(() => sql`WHERE a = ${1} AND b = ${null as unknown as string}`).toThrow(
      'sql: value #1 is null; bind a concrete value',
    );
  });

  it('rejects non-finite numbers, invalid dates, mixed arrays and objects', () => {
    expect(() => sql`${Number.NaN}`).toThrow('sql: cannot bind non-finite number NaN');
    expect(() => sql`${[1, Number.POSITIVE_INFINITY]}`).toThrow(
      'sql: cannot bind non-finite number Infinity',
    );
    expect(() => sql`${new Date('nope')}`).toThrow('sql: cannot bind an invalid Date');
    // Casts imitate untyped callers, as above.
    expect(() => sql`${[1, 'a'] as unknown as string[]}`).toThrow(
      'sql: arrays must hold only strings or only numbers (got ["number","string"])',
    );
    expect(() => sql`${{ a: 1 } as unknown as string}`).toThrow('sql: value #0 has unsupported type Object');
  });
});
