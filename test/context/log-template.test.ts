import { describe, expect, it } from 'vitest';
import { MASK_RULES, toLogTemplate } from '../../src/modules/context/root-cause/log-template.ts';

describe('toLogTemplate', () => {
  it('masks numbers so two emissions of one statement share a template', () => {
    expect(toLogTemplate('order 42 failed after 3.5 s')).toBe('order <num> failed after <num> s');
    expect(toLogTemplate('order 43 failed after 12 s')).toBe('order <num> failed after <num> s');
  });

  it('masks UUIDs, trace ids and 0x addresses as ids and hex', () => {
    expect(toLogTemplate('contact 415d1665-fbb2-4ec9-83f5-5ebe51dc1825 not found')).toBe(
      'contact <id> not found',
    );
    expect(toLogTemplate('TraceID: dc7db5cbec8d511cb7e08fd7c7b47c00 SpanID: b6ce9b3cd8b064a8')).toBe(
      'TraceID: <hex> SpanID: <hex>',
    );
    expect(toLogTemplate('object at 0x7f3a9c0 freed')).toBe('object at <hex> freed');
  });

  it('masks timestamps and times before their digits are seen as numbers', () => {
    expect(toLogTemplate('2023-01-29T08:42:22.383150913Z started')).toBe('<ts> started');
    expect(toLogTemplate('16:43:17.120 ERROR c.s.ContactsServiceImpl#37 no contacts')).toBe(
      '<ts> ERROR c.s.ContactsServiceImpl#L37 no contacts',
    );
  });

  it('masks quoted values, URLs, IP addresses and multi-segment paths', () => {
    expect(toLogTemplate(`user "alice" and 'bob' tried`)).toBe(`user "<*>" and '<*>' tried`);
    expect(toLogTemplate('GET https://pay.example.com/v1/charge?id=9 failed')).toBe('GET <url> failed');
    expect(toLogTemplate('connect to 10.0.3.17:5432 refused')).toBe('connect to <ip> refused');
    expect(toLogTemplate('cannot open /var/lib/app/data.db')).toBe('cannot open <path>');
  });

  it('keeps source locations, which name the log statement, marked with L', () => {
    expect(toLogTemplate('INFO t.s.TravelServiceImpl#451 calculate time: 48')).toBe(
      'INFO t.s.TravelServiceImpl#L451 calculate time: <num>',
    );
    expect(toLogTemplate('at PaymentService.charge(PaymentService.java:88)')).toBe(
      'at PaymentService.charge(PaymentService.java:L88)',
    );
    expect(toLogTemplate('order #42 of 7')).toBe('order #<num> of <num>');
  });

  it('masks quantities glued to their unit and keeps the unit', () => {
    expect(toLogTemplate('GET /cart 200 22ms')).toBe('GET /cart <num> <num>ms');
    expect(toLogTemplate('GC pause 1.5s freed 512KiB of 2GB')).toBe(
      'GC pause <num>s freed <num>KiB of <num>GB',
    );
    expect(toLogTemplate('5xx over http2 in 3 hops')).toBe('5xx over http2 in <num> hops');
  });

  it('keeps words that merely contain digits, and collapses whitespace', () => {
    expect(toLogTemplate('ts-travel2-service   timed  out\n')).toBe('ts-travel2-service timed out');
  });

  it('cuts templates at 200 characters', () => {
    expect(toLogTemplate('x'.repeat(500))).toHaveLength(200);
  });

  it('uses only syntax JavaScript and RE2 share (no look-around or back-references)', () => {
    for (const rule of MASK_RULES) expect(rule.pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
  });
});
