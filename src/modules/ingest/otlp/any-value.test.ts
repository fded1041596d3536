import { describe, expect, it } from 'vitest';
import { AnyMap, type AnyValue, anyValueToString } from './any-value.ts';

function map(entries: [string, AnyValue][]): AnyMap {
  const m = new AnyMap();
  m.entries.push(...entries);
  return m;
}

describe('anyValueToString writes values as the clickhouseexporter stores them', () => {
  const cases: [string, AnyValue, string][] = [
    ['a string', 'GET /cart', 'GET /cart'],
    ['true', true, 'true'],
    ['an int64 past 2^53, exactly', 9007199254740993n, '9007199254740993'],
    ['a negative int', -42n, '-42'],
    ['a double like ES6', 1.5, '1.5'],
    ['a large double in exponent form', 1e21, '1e+21'],
    ['a small double in exponent form', 1e-7, '1e-7'],
    ['NaN the way pdata writes it', Number.NaN, 'json: unsupported value: NaN'],
    ['bytes as base64', new Uint8Array([1, 2, 255]), 'AQL/'],
    ['an empty value', null, ''],
    ['an array as JSON', ['a', 1n, true], '["a",1,true]'],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(anyValueToString(value)).toBe(expected);
  });

  it('writes a map as Go does: keys sorted, HTML characters escaped', () => {
    expect(
      anyValueToString(
        map([
          ['z', 'a<b & c>d'],
          ['a', map([['n', 2n]])],
        ]),
      ),
    ).toBe('{"a":{"n":2},"z":"a\\u003cb \\u0026 c\\u003ed"}');
  });
});
