import { describe, expect, it } from 'vitest';
import { formatAuthor, formatCsat, formatNps } from './feedback-format.ts';

describe('feedback formatting', () => {
  it('signs the NPS and rounds it to a whole number', () => {
    expect(formatNps(10)).toBe('+10');
    expect(formatNps(-60)).toBe('−60');
    expect(formatNps(-0.4)).toBe('0');
    expect(formatNps(33.34)).toBe('+33');
    expect(formatNps(null)).toBe('no answers');
  });

  it('names the author with their teams, or says anonymous', () => {
    expect(formatAuthor('Ada Lovelace', ['team-storefront'])).toBe('Ada Lovelace (team-storefront)');
    expect(formatAuthor('Ada Lovelace', [])).toBe('Ada Lovelace');
    expect(formatAuthor(null, null)).toBe('anonymous');
  });

  it('shows a CSAT mean on its scale', () => {
    expect(formatCsat(4)).toBe('4.0 / 5');
    expect(formatCsat(null)).toBe('—');
  });
});
