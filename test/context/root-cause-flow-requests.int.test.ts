import { describe, expect, it } from 'vitest';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryLogFlow } from '../../src/modules/context/root-cause/log-flow-signals.store.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB. The event-flow and log-template reading splits each service's part of a trace into
// the requests it served (a span's local root, at most three parents up) and places each log line
// in one; these are the exact counts of that split on traffic where every rule is exercised.
const freshStore = scenarioStoresForThisFile();

const minute = 60_000;
const onset = new Date(Math.floor(Date.now() / minute) * minute - 10 * minute);
const at = new Date(onset.getTime() + 5 * minute);
const window = toAnalysisWindow({ onset, at }, at);

/**
 * One trace a minute from 10 min before onset to 4 min after, plus one 5 s before `at` (still
 * settling). In each, shop serves three requests: `GET /cart` (span load, a line in load), `GET /pay`
 * with a chain a → b → c → d under it (d is four parents down, so it counts as a request of its
 * own, 'a'; its line says 'accepted' before onset and, as an error, 'refused' after), and a line
 * whose span is none of shop's (no request: shop served several). db serves one request, whose line
 * names an unknown span (so it is that request's). shop also writes an untraced heartbeat.
 */
async function writeTraffic(store: TelemetryStore): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  const starts = [...Array.from({ length: 15 }, (_, k) => (k - 10) * minute), 5 * minute - 5_000];
  for (const [k, t] of starts.entries()) {
    const n = k + 1;
    const start = onset.getTime() + t;
    const traceId = n.toString(16).padStart(32, '0');
    const id = (s: string) => (s === '' ? '' : `${n.toString(16).padStart(12, '0')}${s}`);
    const span = (s: string, parent: string, service: string, name: string, ms: number) =>
      spans.push({
        Timestamp: new Date(start + ms),
        TraceId: traceId,
        SpanId: id(s),
        ParentSpanId: id(parent),
        SpanName: name,
        SpanKind: 'Internal',
        ServiceName: service,
        ResourceAttributes: { 'service.name': service },
        Duration: 1_000_000,
        StatusCode: 'Unset',
      });
    const log = (s: string, service: string, ms: number, body: string, error = false, traced = true) =>
      logs.push({
        Timestamp: new Date(start + ms),
        TraceId: traced ? traceId : '',
        SpanId: traced ? id(s) : '',
        SeverityText: error ? 'ERROR' : 'INFO',
        SeverityNumber: error ? 17 : 9,
        ServiceName: service,
        Body: body,
      });
    span('0001', '', 'shop', 'GET /cart', 0);
    span('0002', '0001', 'shop', 'load', 1);
    log('0002', 'shop', 2, `cart ${n} loaded`);
    span('0009', '0002', 'db', 'SELECT', 3);
    log('dddd', 'db', 4, `query ${n} done`);
    span('0003', 'ffff', 'shop', 'GET /pay', 10);
    span('0004', '0003', 'shop', 'a', 11);
    span('0005', '0004', 'shop', 'b', 12);
    span('0006', '0005', 'shop', 'c', 13);
    span('0007', '0006', 'shop', 'd', 14);
    log('0007', 'shop', 15, t < 0 ? `payment ${n} accepted` : `payment ${n} refused`, t >= 0);
    log('eeee', 'shop', 20, 'retrying');
    log('', 'shop', 30, `heartbeat ${n}`, false, false);
  }
  await store.insert('otel_traces', spans);
  await store.insert('otel_logs', logs);
}

/** ClickHouse's text of a DateTime64(9) in UTC. */
function chTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000000`;
}

describe('event flow and log templates per request on real chDB', () => {
  it('splits each part of a trace into its requests and places every line in one', async () => {
    const store = await freshStore('flow_requests');
    await writeTraffic(store);

    const { templates, transitions } = await queryLogFlow(store, window);

    // 10 traces before onset, 5 after it and a 6th still settling (its flow is not read yet).
    expect(transitions.map((r) => [r.service, r.operation, r.source, r.target, r.before, r.after])).toEqual([
      ['db', 'SELECT', 'log query <num> done', '(end)', 10, 5],
      ['db', 'SELECT', 'span SELECT', 'log query <num> done', 10, 5],
      ['shop', '', 'log retrying', '(end)', 10, 5],
      ['shop', 'GET /cart', 'log cart <num> loaded', '(end)', 10, 5],
      ['shop', 'GET /cart', 'span GET /cart', 'span load', 10, 5],
      ['shop', 'GET /cart', 'span load', 'log cart <num> loaded', 10, 5],
      ['shop', 'GET /pay', 'span GET /pay', 'span a', 10, 5],
      ['shop', 'GET /pay', 'span a', 'span b', 10, 5],
      ['shop', 'GET /pay', 'span b', 'span c', 10, 5],
      ['shop', 'GET /pay', 'span c', '(end)', 10, 5],
      ['shop', 'a', 'log payment <num> accepted', '(end)', 10, 0],
      ['shop', 'a', 'log payment <num> refused', '(end)', 0, 5],
      ['shop', 'a', 'span d', 'log payment <num> accepted', 10, 0],
      ['shop', 'a', 'span d', 'log payment <num> refused', 0, 5],
    ]);
    // Each baseline transition once in each of the 10 baseline minutes, dated by the part's start.
    const baselineMinutes = Array.from(
      { length: 10 },
      (_, k) => (onset.getTime() + (k - 10) * minute) / 1000,
    );
    for (const row of transitions.filter((r) => r.before > 0)) {
      expect([...row.beforeMinutes].sort((x, y) => x - y)).toEqual(baselineMinutes);
      expect(row.beforeCounts).toEqual(Array(10).fill(1));
    }

    // Minutes come in the order the store grouped them: sorted here (every count is 1).
    const sorted = <T extends { beforeMinutes: number[] }>(v: T): T => ({
      ...v,
      beforeMinutes: [...v.beforeMinutes].sort((x, y) => x - y),
    });
    const baseline = (before: number) => ({
      beforeMinutes: before > 0 ? baselineMinutes : [],
      beforeCounts: Array(before).fill(1),
    });
    const template = (
      service: string,
      text: string,
      [before, after, errors]: [number, number, number],
      example: string,
      firstAfterMs: number,
      operation: string,
    ) => ({
      service,
      template: text,
      before,
      after,
      errors,
      example,
      firstAfter: chTime(onset.getTime() + firstAfterMs),
      ...baseline(before),
      byOperation: [
        {
          operation,
          after,
          ...baseline(before),
          // Requests of that operation: the settling trace's too.
          requests: operation === '' ? undefined : { after: 6, ...baseline(10) },
        },
      ],
    });
    expect(
      templates.map((row) =>
        sorted({
          ...row,
          byOperation: row.byOperation?.map((part) =>
            sorted({ ...part, requests: part.requests ? sorted(part.requests) : undefined }),
          ),
        }),
      ),
    ).toEqual([
      template('db', 'query <num> done', [10, 6, 0], 'query 1 done', 4, 'SELECT'),
      template('shop', 'cart <num> loaded', [10, 6, 0], 'cart 1 loaded', 2, 'GET /cart'),
      template('shop', 'heartbeat <num>', [10, 6, 0], 'heartbeat 1', 30, ''),
      template('shop', 'payment <num> refused', [0, 6, 6], 'payment 11 refused', 15, 'a'),
      template('shop', 'retrying', [10, 6, 0], 'retrying', 20, ''),
    ]);
  });
});
