import type { TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { ErrorTemplate, RootCauseAnalysis, RootCauseEvidence, RootCauseService } from '../contract.ts';
import { type AnalysisWindow, type RootCauseQuery, toAnalysisWindow } from './analysis-window.ts';
import { candidateServices, localisationScope, localise, reachableCallees } from './call-graph-localiser.ts';
import { type EdgeRow, queryEdges, type RpcOperations, rpcOperationsOf } from './edge-signals.store.ts';
import { queryLogFlow } from './log-flow-signals.store.ts';
import { type LogTotals, queryLogTotals, type TemplateRow } from './log-signals.store.ts';
import { querySaturation } from './metric-signals.store.ts';
import { type NamedDependencies, namedDependencies } from './named-dependencies.ts';
import { networkSuspects } from './network-suspects.ts';
import { estimateOnset } from './onset-estimate.ts';
import {
  poissonZ,
  type ServiceAnomaly,
  type ServiceSignals,
  scoreServices,
  templateExpectations,
  Z_THRESHOLD,
} from './service-anomaly.ts';
import {
  type CallEdgeRow,
  type ErrorSpanRow,
  queryErrorSpans,
  querySelfTime,
  querySelfTimeAndCallEdges,
  type SpanMinuteRow,
  spanMinutesOf,
} from './span-signals.store.ts';
import { querySymptomMinutes } from './symptom-minutes.store.ts';
import type { TraceScope } from './trace-scope.ts';

/** What the ranking needs: the telemetry store and a clock for the default `at`. */
export interface RootCauseDeps {
  readonly telemetry: TelemetryStore;
  readonly now?: () => Date;
}

const TOP_TEMPLATES = 5;

/**
 * Ranks the services most likely to be the root cause of a symptom that started at `onset`, from
 * stored traces, logs and metrics only: each service's window after onset is compared with its own
 * baseline (own-span latency, errors originating in its spans, new or spiking log templates,
 * resource saturation, changes in what follows each span start or log line), then anomalies explained by an anomalous callee are discounted.
 *
 * Pure apart from reading the store: the same data and query give the same ranking, which is what
 * lets an incident context recompute it on demand and snapshot it at resolve.
 */
export async function rankRootCauses(deps: RootCauseDeps, query: RootCauseQuery): Promise<RootCauseAnalysis> {
  const symptoms = query.services ?? [];
  let window = toAnalysisWindow(query, deps.now?.() ?? new Date());
  // The alert may have fired after its symptom began; then the windows move back to where the
  // symptom services' errors actually started (bounded, see onset-estimate.ts). The symptom
  // services' minutes are read first, so the whole window is read once, at the onset it ends up with.
  let wire = await queryEdges(deps.telemetry, window);
  let estimated: Date | undefined;
  if (symptoms.length > 0) {
    const minutes = await querySymptomMinutes(deps.telemetry, window, symptoms, rpcOperationsOf(wire));
    estimated = estimateOnset(window, symptoms, minutes.errorMinutes, minutes.spanMinutes);
  }
  const lead = estimated ? window.onset.getTime() - estimated.getTime() : 0;
  if (estimated) {
    window = withOnset(window, estimated, query);
    wire = await queryEdges(deps.telemetry, window);
  }
  const signals = await readSignals(deps.telemetry, window, wire);

  const anomalies = scoreServices(signals);
  const reachable = reachableCallees(signals.edges);
  const candidates = candidateServices(symptoms, reachable);
  const hasTelemetry =
    signals.selfTime.length > 0 ||
    signals.logTotals.before + signals.logTotals.after > 0 ||
    signals.saturation.length > 0;
  const symptomsSeen = candidates === undefined || anomaliesOrTelemetryFor(candidates, signals);
  // Callers of an anomalous service are read again on the traces that never reach it: what they
  // show only in traces through the anomalous callee is explained by it (call-graph-localiser.ts).
  const namingErrors = new Set(signals.errorSpans.filter((r) => r.afterNamed > 0).map((r) => r.service));
  const found = symptomsSeen
    ? localisationScope(anomalies, reachable, candidates, signals.dependencies, namingErrors)
    : undefined;
  const scope = found ? { ...found, rpc: signals.rpc } : undefined;
  const clean = scope ? await readCleanAnomalies(deps.telemetry, window, scope, signals) : new Map();
  const rootCauseServices = symptomsSeen ? localise(anomalies, reachable, candidates, clean) : [];
  const top = rootCauseServices[0];
  const leadNote =
    lead > 0
      ? ` The errors of ${symptoms.join(', ')} began ${Math.round(lead / 60_000)} min before the given onset, so the windows start at ${window.onset.toISOString()}.`
      : '';
  const evidence: RootCauseEvidence = {
    summary:
      summarise(window, symptoms, hasTelemetry, symptomsSeen, top, anomalies.length) + (top ? leadNote : ''),
    windows: {
      baseline: { from: window.baselineFrom.toISOString(), to: window.onset.toISOString() },
      baselineExcluded: window.excluded.map((r) => ({ from: r.from.toISOString(), to: r.to.toISOString() })),
      after: { from: window.onset.toISOString(), to: window.afterTo.toISOString() },
    },
    exemplarTraceIds: top
      ? (signals.errorSpans.find((row) => row.service === top.service)?.exemplars ?? [])
      : [],
    topErrorTemplates: topErrorTemplates(signals.templates, signals.logTotals),
  };
  return { rootCauseServices, evidence };
}

type Signals = ServiceSignals & {
  edges: CallEdgeRow[];
  rpc: RpcOperations;
  dependencies: NamedDependencies;
  spanMinutes: SpanMinuteRow[];
  errorSpans: ErrorSpanRow[];
};

/** The whole window's signals; `wire` is the window's edges (queryEdges), already read. */
async function readSignals(store: TelemetryStore, window: AnalysisWindow, wire: EdgeRow[]): Promise<Signals> {
  // Sequential on purpose: chDB runs one query at a time per process (measured: issuing them all at
  // once was no faster), and on a ClickHouse server concurrent scans of the same window would
  // compete for the same parts.
  const rpc = rpcOperationsOf(wire);
  const { selfTime, callEdges: edges } = await querySelfTimeAndCallEdges(store, window, rpc);
  const spanMinutes = spanMinutesOf(selfTime);
  const dependencies = namedDependencies(edges);
  const errorSpans = await queryErrorSpans(store, window, undefined, dependencies, rpc);
  const logTotals = await queryLogTotals(store, window);
  // Templates and transitions in one pass: masking each log line is the costliest step of both.
  const { templates, transitions } = await queryLogFlow(store, window);
  const saturation = await querySaturation(store, window);
  return {
    selfTime,
    spanMinutes,
    errorSpans,
    edges,
    rpc,
    network: networkSuspects(wire),
    dependencies,
    logTotals,
    templates,
    saturation,
    transitions,
  };
}

/**
 * The scoped services' anomalies on their clean traces only: the trace-borne signals (own errors,
 * self time, log templates, event flow) read again restricted by `scope`; log volume and resource
 * gauges are not trace-borne and are reused as read.
 */
async function readCleanAnomalies(
  store: TelemetryStore,
  window: AnalysisWindow,
  scope: TraceScope,
  whole: Signals,
): Promise<Map<string, ServiceAnomaly>> {
  const selfTime = await querySelfTime(store, window, scope, whole.rpc);
  const errorSpans = await queryErrorSpans(store, window, scope, whole.dependencies, whole.rpc);
  const { templates, transitions } = await queryLogFlow(store, window, scope);
  const scoped = new Set(scope.services);
  const anomalies = scoreServices({
    selfTime,
    spanMinutes: spanMinutesOf(selfTime),
    errorSpans,
    templates,
    dependencies: whole.dependencies,
    logTotals: whole.logTotals,
    saturation: whole.saturation.filter((row) => scoped.has(row.service)),
    // Like the gauges, an edge's wire time is not judged per trace: a service's edges changed or not.
    network: whole.network?.filter((suspect) => scoped.has(suspect.service)),
    transitions,
  });
  const read = new Map(anomalies.map((a) => [a.service, a]));
  for (const service of scope.services) {
    // Nothing left on its clean traces is an answer too: the service was read and shows nothing.
    if (!read.has(service))
      read.set(service, { service, strength: 0, signals: [], notes: [], firstAnomalyMs: undefined });
  }
  return read;
}

/** The same windows moved back to an estimated onset, still never past `at`. */
function withOnset(window: AnalysisWindow, onset: Date, query: RootCauseQuery): AnalysisWindow {
  return toAnalysisWindow({ ...query, onset, at: window.afterTo }, window.afterTo);
}

/**
 * Whether any candidate (the symptom services and what they call) has telemetry of its own. When
 * none has, the services that do have some are strangers to this symptom and are not ranked.
 */
function anomaliesOrTelemetryFor(candidates: ReadonlySet<string>, signals: Signals): boolean {
  const seen = (service: string) => candidates.has(service);
  return (
    signals.spanMinutes.some((r) => seen(r.service)) ||
    signals.templates.some((r) => seen(r.service)) ||
    signals.saturation.some((r) => seen(r.service))
  );
}

function summarise(
  window: AnalysisWindow,
  services: readonly string[],
  hasTelemetry: boolean,
  symptomsSeen: boolean,
  top: RootCauseService | undefined,
  servicesSeen: number,
): string {
  const span = `between ${window.baselineFrom.toISOString()} and ${window.afterTo.toISOString()}`;
  if (hasTelemetry && !symptomsSeen) {
    return (
      `No traces, logs or metrics are stored for ${services.join(', ')} or any service they call ${span}; ` +
      'other services have telemetry, but nothing links them to this symptom, so no root cause can be ranked.'
    );
  }
  if (!hasTelemetry) {
    const scope = services.length > 0 ? `for ${services.join(', ')} or any other service` : 'for any service';
    return `No traces, logs or metrics are stored ${scope} ${span}, so no root cause can be ranked.`;
  }
  if (!top) {
    return (
      `Telemetry from ${servicesSeen} services ${span} shows no error, latency, log or resource change after ` +
      `onset beyond ${Z_THRESHOLD} standard deviations of its baseline, so no service stands out.`
    );
  }
  return `${top.service} is the most likely root cause. ${top.reasons[0] ?? ''}`.trim();
}

function topErrorTemplates(rows: readonly TemplateRow[], totals: LogTotals): ErrorTemplate[] {
  const expectedOf = templateExpectations(totals);
  return rows
    .filter((row) => row.errors > 0)
    .map((row) => ({ row, z: poissonZ(row.after, expectedOf(row)) }))
    .sort((a, b) => b.z - a.z)
    .slice(0, TOP_TEMPLATES)
    .map(({ row }) => ({
      service: row.service,
      template: row.template,
      before: row.before,
      after: row.after,
      example: row.example,
    }));
}
