import { describe, expect, it } from 'vitest';
import { encodeJsonEachRow, JSON_READY, parseJsonEachRow } from './row-format.ts';

describe('JSONEachRow encoding', () => {
  it('writes bigints as decimal strings and Dates, at any depth, in the text ClickHouse reads', () => {
    const row = {
      Duration: 12_345_678_901_234_567_890n,
      At: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 123)),
      Counts: [1n, 2n],
      'Events.Timestamp': [new Date(Date.UTC(2026, 10, 25, 10, 0, 1))],
      Attributes: Object.assign(Object.create(null), { ['__proto__']: 'x', 'a"b': '<&>' }),
      Skipped: undefined,
    };
    expect(encodeJsonEachRow([row, { n: 1 }])).toBe(
      '{"Duration":"12345678901234567890","At":"2026-11-25 10:00:00.123","Counts":["1","2"],' +
        '"Events.Timestamp":["2026-11-25 10:00:01.000"],"Attributes":{"__proto__":"x","a\\"b":"<&>"}}\n{"n":1}\n',
    );
  });

  it('writes a row marked JSON-ready as JSON.stringify does, without the mark', () => {
    const row = { [JSON_READY]: true, Duration: '12345', Attributes: { k: 'v' }, Value: 'nan' };
    const text = encodeJsonEachRow([row]);
    expect(text).toBe('{"Duration":"12345","Attributes":{"k":"v"},"Value":"nan"}\n');
    expect(parseJsonEachRow(text)).toEqual([{ Duration: '12345', Attributes: { k: 'v' }, Value: 'nan' }]);
  });
});
