import { describe, expect, it } from 'vitest';
import { cutLogPage, decodeLogCursor, encodeLogCursor, severityFloor, tokenizeQuery } from './log-search.ts';

describe('log search helpers', () => {
  it('splits a query into tokens the way the token index does, with common spellings', () => {
    expect(tokenizeQuery('Card-declined 42')).toEqual([
      ['Card', 'card', 'CARD'],
      ['declined', 'DECLINED', 'Declined'],
      ['42'],
    ]);
    expect(() => tokenizeQuery('--')).toThrow('query.q: must contain at least one letter or digit, got "--"');
  });

  it('maps a minimum severity to a number floor and the texts at or above it', () => {
    expect(severityFloor('warn')).toEqual({
      number: 13,
      texts: ['warn', 'warning', 'error', 'err', 'fatal', 'critical', 'crit', 'emergency', 'alert', 'panic'],
    });
  });

  it('round-trips cursors and rejects foreign ones', () => {
    const cursor = { t: '1772359200000000000', h: '18446744073709551615', skip: 2 };
    expect(decodeLogCursor(encodeLogCursor(cursor))).toEqual(cursor);
    expect(() => decodeLogCursor('eyJ4IjoxfQ')).toThrow('query.cursor: is not a cursor this API returned');
  });

  it('pages through rows sharing one key without repeating or losing any', () => {
    const rows = [
      { t: '3', h: '1', id: 'a' },
      { t: '2', h: '5', id: 'b' },
      { t: '2', h: '5', id: 'c' },
      { t: '2', h: '5', id: 'd' },
      { t: '1', h: '1', id: 'e' },
    ];
    const first = cutLogPage(rows, undefined, 2);
    expect(first.page.map((r) => r.id)).toEqual(['a', 'b']);
    expect(first.next).toEqual({ t: '2', h: '5', skip: 1 });
    // The next query returns rows at or before the cursor key: b, c, d, e.
    const second = cutLogPage(rows.slice(1), first.next ?? undefined, 2);
    expect(second.page.map((r) => r.id)).toEqual(['c', 'd']);
    expect(second.next).toEqual({ t: '2', h: '5', skip: 3 });
    const third = cutLogPage(rows.slice(1), second.next ?? undefined, 2);
    expect(third.page.map((r) => r.id)).toEqual(['e']);
    expect(third.next).toBeNull();
  });
});
