import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/modules/telemetry/index.ts';
import { sql } from '../../src/stores/telemetry/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { apiGet, rangeQuery } from './query-api.ts';
import { at, baseHour, hexId, insertLogs, type LogInput } from './telemetry-fixtures.ts';

interface Page {
  items: LogRecord[];
  nextCursor: string | null;
}

describe('GET /api/v1/logs', () => {
  let cairn: InProcessCairn;
  const base = baseHour();
  const window = rangeQuery(base, at(base, 60));
  const traceId = hexId(16);

  beforeAll(async () => {
    cairn = await startInProcess();
    const logs: LogInput[] = [];
    // 25 logs of checkout; five share one timestamp and three of those are identical, to test paging ties.
    for (let i = 0; i < 20; i++) {
      logs.push({
        time: at(base, 1, i),
        service: 'checkout',
        body: `processed order ${i}`,
        attributes: { 'order.id': String(i) },
      });
    }
    for (let i = 0; i < 5; i++) {
      logs.push({ time: at(base, 2), service: 'checkout', body: i < 3 ? 'same line' : `tie ${i}` });
    }
    logs.push(
      {
        time: at(base, 3),
        service: 'payment',
        body: 'Card DECLINED by issuer',
        severityText: 'ERROR',
        severityNumber: 17,
        traceId,
        attributes: { 'http.status_code': '402' },
      },
      {
        time: at(base, 3, 1),
        service: 'payment',
        body: 'retrying declined-card flow',
        severityText: 'WARN',
        severityNumber: 13,
        resource: { 'k8s.pod.name': 'payment-1' },
      },
      {
        time: at(base, 3, 2),
        service: 'payment',
        body: 'legacy shipper line',
        severityText: 'error',
        severityNumber: 0,
      },
      {
        time: at(base, 3, 3),
        service: 'payment',
        body: 'declinedness is not a word match',
        severityText: 'INFO',
        severityNumber: 9,
      },
    );
    await insertLogs(cairn.runtime.telemetry, logs);
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('finds logs by body word, case-insensitively and as whole tokens, newest first', async () => {
    const { status, body } = await apiGet<Page>(cairn, `/api/v1/logs?${window}&q=declined`);
    expect(status).toBe(200);
    expect(body.items.map((l) => l.body)).toEqual(['retrying declined-card flow', 'Card DECLINED by issuer']);
    expect(body.nextCursor).toBeNull();
    const both = await apiGet<Page>(cairn, `/api/v1/logs?${window}&q=${encodeURIComponent('card issuer')}`);
    expect(both.body.items.map((l) => l.body)).toEqual(['Card DECLINED by issuer']);
  });

  it('answers word search through the token index', async () => {
    const plan = await cairn.runtime.telemetry.query<{ explain: string }>(
      sql`EXPLAIN indexes = 1 SELECT count() FROM otel_logs WHERE hasToken(Body, ${'DECLINED'}) OR hasToken(Body, ${'declined'})`,
    );
    expect(plan.map((r) => r.explain).join('\n')).toContain('Name: idx_body');
  });

  it('filters by trace id, by attribute (log or resource) and by minimum severity', async () => {
    const byTrace = await apiGet<Page>(cairn, `/api/v1/logs?${window}&traceId=${traceId}`);
    expect(byTrace.body.items).toEqual([
      {
        timestamp: at(base, 3).toISOString().replace('Z', '000000Z'),
        service: 'payment',
        severityText: 'ERROR',
        severityNumber: 17,
        body: 'Card DECLINED by issuer',
        traceId,
        spanId: '',
        attributes: { 'http.status_code': '402' },
        resourceAttributes: { 'service.name': 'payment' },
      },
    ]);
    const byAttr = await apiGet<Page>(cairn, `/api/v1/logs?${window}&attr.order.id=7`);
    expect(byAttr.body.items.map((l) => l.body)).toEqual(['processed order 7']);
    const byResource = await apiGet<Page>(cairn, `/api/v1/logs?${window}&attr.k8s.pod.name=payment-1`);
    expect(byResource.body.items.map((l) => l.body)).toEqual(['retrying declined-card flow']);
    const errors = await apiGet<Page>(cairn, `/api/v1/logs?${window}&service=payment&severity=error`);
    expect(errors.body.items.map((l) => l.body)).toEqual(['legacy shipper line', 'Card DECLINED by issuer']);
  });

  it('pages newest first without duplicates or gaps, through rows sharing a timestamp', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `${window}&service=checkout&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await apiGet<Page>(cairn, `/api/v1/logs?${query}`);
      seen.push(...body.items.map((l) => `${l.timestamp} ${l.body}`));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(13);
    expect(seen).toHaveLength(25);
    expect(seen.filter((s) => s.endsWith('same line'))).toHaveLength(3);
    expect(new Set(seen.filter((s) => !s.endsWith('same line'))).size).toBe(22);
    expect(seen.slice(-2)).toEqual([
      `${at(base, 1, 1).toISOString().replace('Z', '000000Z')} processed order 1`,
      `${at(base, 1, 0).toISOString().replace('Z', '000000Z')} processed order 0`,
    ]);
  });

  it('rejects bad parameters with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['severity=loud', 'query.severity: '],
      ['cursor=bm90LWEtY3Vyc29y', 'query.cursor: is not a cursor this API returned'],
      ['q=%2B%2B%2B', 'query.q: must contain at least one letter or digit, got "+++"'],
      ['traceId=abc', 'query.traceId: must be 32 hex characters'],
      ['colour=red', 'query.colour: unknown parameter; attribute filters are attr.<key>=<value>'],
      ['limit=5000', 'query.limit: '],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await apiGet<{ error: { message: string } }>(cairn, `/api/v1/logs?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.message.startsWith(message), `${query}: ${body.error.message}`).toBe(true);
    }
  });
});
