import type { TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { ErrorTemplate, RootCauseAnalysis, RootCauseEvidence, RootCauseService } from '../contract.ts';
import { type AnalysisWindow, type RootCauseQuery, toAnalysisWindow } from './analysis-window.ts';
import { candidateServices, localise, reachableCallees } from './call-graph-localiser.ts';
import { queryLogTotals, queryTemplates, type TemplateRow } from './log-signals.store.ts';
import { querySaturation } from './metric-signals.store.ts';
import { poissonZ, scoreServices, Z_THRESHOLD } from './service-anomaly.ts';
import { queryCallEdges, queryErrorSpans, querySelfTime } from './span-signals.store.ts';
import { queryTransitions } from './transition-signals.store.ts';

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
  const window = toAnalysisWindow(query, deps.now?.() ?? new Date());
  const store = deps.telemetry;
  // Sequential on purpose: chDB runs one query at a time per process anyway, and on a ClickHouse
  // server six concurrent scans of the same window would compete for the same parts.
  const selfTime = await querySelfTime(store, window);
  const errorSpans = await queryErrorSpans(store, window);
  const edges = await queryCallEdges(store, window);
  const logTotals = await queryLogTotals(store, window);
  const templates = logTotals.after > 0 ? await queryTemplates(store, window) : [];
  const saturation = await querySaturation(store, window);
  const transitions = await queryTransitions(store, window);

  const anomalies = scoreServices({ selfTime, errorSpans, templates, logTotals, saturation, transitions });
  const reachable = reachableCallees(edges);
  const candidates = candidateServices(query.services ?? [], reachable);
  const rootCauseServices = localise(anomalies, reachable, candidates);

  const hasTelemetry = selfTime.length > 0 || logTotals.before + logTotals.after > 0 || saturation.length > 0;
  const top = rootCauseServices[0];
  const evidence: RootCauseEvidence = {
    summary: summarise(window, query.services ?? [], hasTelemetry, top, anomalies.length),
    windows: {
      baseline: { from: window.baselineFrom.toISOString(), to: window.onset.toISOString() },
      after: { from: window.onset.toISOString(), to: window.afterTo.toISOString() },
    },
    exemplarTraceIds: top ? (errorSpans.find((row) => row.service === top.service)?.exemplars ?? []) : [],
    topErrorTemplates: topErrorTemplates(
      templates,
      logTotals.before > 0 ? logTotals.after / logTotals.before : 0,
    ),
  };
  return { rootCauseServices, evidence };
}

function summarise(
  window: AnalysisWindow,
  services: readonly string[],
  hasTelemetry: boolean,
  top: RootCauseService | undefined,
  servicesSeen: number,
): string {
  const span = `between ${window.baselineFrom.toISOString()} and ${window.afterTo.toISOString()}`;
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

function topErrorTemplates(rows: readonly TemplateRow[], volume: number): ErrorTemplate[] {
  return rows
    .filter((row) => row.errors > 0)
    .map((row) => ({ row, z: poissonZ(row.after, row.before * volume) }))
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
