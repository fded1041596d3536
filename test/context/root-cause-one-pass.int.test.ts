import { describe, expect, it } from 'vitest';
import { toAnalysisWindow } from '../../src/modules/context/root-cause/analysis-window.ts';
import { queryLogFlow } from '../../src/modules/context/root-cause/log-flow-signals.store.ts';
import { queryErrorSpans } from '../../src/modules/context/root-cause/span-signals.store.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';

// Real chDB: the single-pass readings (error walk over per-trace arrays, templates and transitions
// from one masking of each line) must say exactly what the per-signal queries said.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
const at = new Date(onset.getTime() + 5 * 60_000);
const window = toAnalysisWindow({ onset, at }, at);

describe('single-pass root-cause readings on real chDB', () => {
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
