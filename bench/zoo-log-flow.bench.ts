/**
 * The event-flow and log-template query alone, this tree's against another tree's, on a stored zoo.
 *
 *   node bench/zoo-log-flow.bench.ts --data-dir /tmp/zoo-s11 --seed 11 --per-class 3 \
 *     --baseline-module <previous tree>/src/modules/context/root-cause/log-flow-signals.store.ts [--faults 3,11]
 *
 * For every fault of the stored zoo (played by `bench/zoo.bench.ts --data-dir` with the same seed,
 * count and defaults), both implementations of `queryLogFlow` read the same windows the ranking
 * reads (the earlier faults left out of the baseline): the whole window, and a clean-trace reading
 * scoped to the callers of the injected service (a scope of the shape the ranking builds). They
 * alternate which goes first; the process's CPU time (chDB runs in it) and wall time are summed
 * per implementation, and every pair of outputs is compared exactly (baseline minutes as a set of
 * (minute, count) pairs: their order is whatever order the store grouped them in).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createRandom } from '../src/demo/random.ts';
import { SERVICE_PROFILES } from '../src/demo/shop/topology.ts';
import { FAULT_CLASS_NAMES } from '../src/demo/zoo/fault-classes.ts';
import type { AnalysisWindow } from '../src/modules/context/root-cause/analysis-window.ts';
import { toAnalysisWindow } from '../src/modules/context/root-cause/analysis-window.ts';
import { queryEdges, rpcOperationsOf } from '../src/modules/context/root-cause/edge-signals.store.ts';
import {
  type LogFlowSignals,
  queryLogFlow,
} from '../src/modules/context/root-cause/log-flow-signals.store.ts';
import { namedDependencies } from '../src/modules/context/root-cause/named-dependencies.ts';
import { queryCallEdges } from '../src/modules/context/root-cause/span-signals.store.ts';
import type { TraceScope } from '../src/modules/context/root-cause/trace-scope.ts';
import { createChdbTelemetryStore, type TelemetryStore } from '../src/stores/telemetry/index.ts';
import { planZoo } from './zoo/zoo-traffic.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'per-class': { type: 'string', default: '3' },
    'delay-minutes': { type: 'string', default: '3' },
    'baseline-module': { type: 'string' },
    faults: { type: 'string' },
  },
});
const dataDir = values['data-dir'];
const baselineModule = values['baseline-module'];
if (!dataDir || !baselineModule) throw new Error('--data-dir and --baseline-module are required');
type Reader = (store: TelemetryStore, w: AnalysisWindow, scope?: TraceScope) => Promise<LogFlowSignals>;
const previous = ((await import(pathToFileURL(resolve(baselineModule)).href)) as { queryLogFlow: Reader })
  .queryLogFlow;

const minute = 60_000;
const delayMinutes = Number(values['delay-minutes']);
const played = JSON.parse(readFileSync(join(dataDir, 'zoo-plan.json'), 'utf8')) as { endMs: number };
const plan = planZoo({
  classes: [...FAULT_CLASS_NAMES],
  perClass: Number(values['per-class']),
  random: createRandom(Number(values.seed)),
  endMs: played.endMs,
  warmupMinutes: 35,
  slotMinutes: delayMinutes + 5,
  faultMinutes: delayMinutes,
});
const only = values.faults ? new Set(values.faults.split(',').map((n) => Number(n) - 1)) : undefined;
const store = createChdbTelemetryStore({ path: join(dataDir, 'telemetry'), database: 'cairn' });
const spent = { own: { cpuMs: 0, ms: 0 }, previous: { cpuMs: 0, ms: 0 } };
let identical = 0;
const differing: string[] = [];
const loadBefore = loadavg()[0] ?? 0;
try {
  for (const fault of plan.faults) {
    if (only && !only.has(fault.index)) continue;
    const onset = new Date(fault.onsetMs);
    const at = new Date(fault.onsetMs + delayMinutes * minute);
    const excludeFromBaseline = plan.faults
      .filter((f) => f.index < fault.index)
      .map((f) => ({ from: new Date(f.onsetMs), to: new Date(f.onsetMs + delayMinutes * minute) }));
    const w = toAnalysisWindow({ onset, at, services: ['frontend'], excludeFromBaseline }, at);
    const edges = await queryCallEdges(store, w);
    const truth = fault.truth ? SERVICE_PROFILES[fault.truth].telemetryName : 'frontend';
    const callers = [...new Set(edges.filter((e) => e.callee === truth).map((e) => e.caller))];
    const scoped = callers.length > 0 ? callers : ['frontend'];
    const scope: TraceScope = {
      services: scoped,
      callers: scoped,
      callees: scoped.map(() => truth),
      dependencies: namedDependencies(edges),
      rpc: rpcOperationsOf(await queryEdges(store, w)),
    };
    for (const [reading, s] of [
      ['whole', undefined],
      ['scoped', scope],
    ] as const) {
      const order = fault.index % 2 === 1 ? (['previous', 'own'] as const) : (['own', 'previous'] as const);
      const out: Partial<Record<'own' | 'previous', LogFlowSignals>> = {};
      for (const which of order) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        out[which] = await (which === 'own' ? queryLogFlow : previous)(store, w, s);
        const used = process.cpuUsage(cpu);
        spent[which].cpuMs += (used.user + used.system) / 1000;
        spent[which].ms += performance.now() - started;
      }
      if (isDeepStrictEqual(canonical(out.own), canonical(out.previous))) identical++;
      else differing.push(`fault ${fault.index + 1} (${reading})`);
    }
  }
} finally {
  await store.close();
}
const { own, previous: prior } = spent;
console.log(
  `queryLogFlow over ${identical + differing.length} readings: CPU ${Math.round(own.cpuMs)} ms against ` +
    `${Math.round(prior.cpuMs)} ms (ratio ${(own.cpuMs / prior.cpuMs).toFixed(2)}x), wall ${Math.round(own.ms)} ms ` +
    `against ${Math.round(prior.ms)} ms (ratio ${(own.ms / prior.ms).toFixed(2)}x)`,
);
console.log(
  differing.length === 0
    ? `outputs identical to the baseline module: ${identical} readings`
    : `outputs differ from the baseline module in ${differing.join(', ')}`,
);
console.log(
  `load average (1 min): ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end`,
);

/** The output with every baseline-minute list as sorted (minute, count) pairs. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, canonical(v)] as const);
  const row = Object.fromEntries(entries) as Record<string, unknown>;
  const minutes = row.beforeMinutes;
  const counts = row.beforeCounts;
  if (Array.isArray(minutes) && Array.isArray(counts)) {
    row.beforeMinutes = minutes
      .map((m, i) => [m, counts[i]] as [number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    delete row.beforeCounts;
  }
  return row;
}
