import { describe, expect, it } from 'vitest';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryEdges, rpcOperationsOf } from '../../src/modules/context/root-cause/edge-signals.store.ts';
import { queryLogFlow } from '../../src/modules/context/root-cause/log-flow-signals.store.ts';
import {
  queryCallEdges,
  queryErrorSpans,
  querySelfTime,
  querySelfTimeAndCallEdges,
} from '../../src/modules/context/root-cause/span-signals.store.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';
import { traceRows } from './trace-rows.ts';

// Real chDB: the single-pass readings (error walk over per-trace arrays, templates and transitions
// from one masking of each line) must say exactly what the per-signal queries said.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
const at = new Date(onset.getTime() + 5 * 60_000);
const window = toAnalysisWindow({ onset, at }, at);

describe('single-pass root-cause readings on real chDB', () => {
  it('reads self time and call edges in one pass exactly as the two queries read them', async () => {
    const store = await freshStore('self_and_calls');
    // web → (web client → cart server → cart internal → cart client → db server) and a proxy whose
    // only spans are calls (nothing of its own to judge), one request every 10 s; cart slows after
    // onset, and 40 baseline requests give the operations their p95s.
    const spans: Record<string, unknown>[] = [];
    for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 10_000, n++) {
      const span = traceRows(spans, n, onset.getTime() + t);
      const cartMs = t >= 0 ? 30 : 10 + (n % 5);
      span(1, 0, 'web', 'GET /cart', 'Server', 0, cartMs + 12);
      span(2, 1, 'web', 'POST cart', 'Client', 1, cartMs + 6);
      span(3, 2, 'cart', 'POST /cart', 'Server', 2, cartMs + 4);
      span(4, 3, 'cart', 'price items', 'Internal', 3, cartMs);
      span(5, 4, 'cart', 'SELECT items', 'Client', 4, 3);
      span(6, 5, 'db', 'SELECT items', 'Server', 5, 2);
      span(7, 1, 'proxy', 'forward', 'Client', 6, 2);
      span(8, 7, 'db', 'PING', 'Server', 7, 1);
    }
    await store.insert('otel_traces', spans);
    const rpc = rpcOperationsOf(await queryEdges(store, window));
    expect(rpc.keys).toEqual(['cart\tSELECT items', 'proxy\tforward', 'web\tPOST cart']);

    const { selfTime, callEdges } = await querySelfTimeAndCallEdges(store, window, rpc);

    const byService = <T extends { service: string }>(rows: T[]) =>
      [...rows].sort((a, b) => a.service.localeCompare(b.service));
    expect(selfTime).toEqual(byService(await querySelfTime(store, window, undefined, rpc)));
    expect(selfTime.map((r) => r.service)).toEqual(['cart', 'db', 'web']);
    const pairs = (rows: { caller: string; callee: string; calls: number }[]) =>
      rows.map((r) => `${r.caller}>${r.callee} ${r.calls}`).sort();
    expect(pairs(callEdges)).toEqual(pairs(await queryCallEdges(store, window)));
    expect(pairs(callEdges)).toEqual(['cart>db 150', 'proxy>db 150', 'web>cart 150', 'web>proxy 150']);
  });

  it('walks exactly four parents up from an erroring span of another service', async () => {
    const store = await freshStore('four_levels');
    // api server → three api internal spans → api client → db server, all erroring: the four api
    // spans within four levels of the db span contain its error; the api root, five up, does not.
    const spans = Array.from({ length: 6 }, (_, k) => ({
      Timestamp: new Date(onset.getTime() + 60_000 + k),
      TraceId: 'a'.repeat(32),
      SpanId: `${k + 1}`.padStart(16, '0'),
      ParentSpanId: k === 0 ? '' : `${k}`.padStart(16, '0'),
      SpanName: `op${k}`,
      ServiceName: k === 5 ? 'db' : 'api',
      Duration: 1_000_000,
      StatusCode: 'Error',
    }));
    await store.insert('otel_traces', spans);

    const rows = await queryErrorSpans(store, window);

    const counts = rows.map((r) => [r.service, r.afterOwn, r.afterPropagated, r.exemplars]).sort();
    expect(counts).toEqual([
      ['api', 1, 4, ['a'.repeat(32)]],
      ['db', 1, 0, ['a'.repeat(32)]],
    ]);
  });

  it('counts templates over every line and transitions over traced ones, with the earliest line as example', async () => {
    const store = await freshStore('log_flow');
    const line = (ms: number, traceId: string, body: string) => ({
      Timestamp: new Date(onset.getTime() + ms),
      TraceId: traceId,
      SpanId: traceId === '' ? '' : '0000000000000001',
      SeverityText: 'INFO',
      SeverityNumber: 9,
      ServiceName: 'cart',
      Body: body,
    });
    await store.insert('otel_logs', [
      line(-120_000, 'b'.repeat(32), 'loaded cart 1'),
      line(-119_000, 'b'.repeat(32), 'saved cart 1'),
      line(60_000, 'c'.repeat(32), 'loaded cart 3'),
      line(61_000, '', 'loaded cart 2'),
      line(62_000, 'c'.repeat(32), 'saved cart 3'),
    ]);

    const { templates, transitions } = await queryLogFlow(store, window);

    expect(templates.map((t) => [t.template, t.before, t.after, t.example])).toEqual([
      ['loaded cart <num>', 1, 2, 'loaded cart 1'],
      ['saved cart <num>', 1, 1, 'saved cart 1'],
    ]);
    expect(transitions.map((t) => [t.source, t.target, t.before, t.after])).toEqual([
      ['log loaded cart <num>', 'log saved cart <num>', 1, 1],
      ['log saved cart <num>', '(end)', 1, 1],
    ]);
  });
});
