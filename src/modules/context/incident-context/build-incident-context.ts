import { InputError } from '../../../kernel/errors.ts';
import type { TelemetryStore } from '../../../stores/telemetry/index.ts';
import type { Change } from '../../changes/index.ts';
import type { SloDataSource, SloObjective } from '../../slo/index.ts';
import { type RootCauseAnalysis, rankRootCauses } from '../index.ts';
import { MAX_BASELINE_REACH_MINUTES, type TimeRange } from '../root-cause/analysis-window.ts';
import { MAX_ONSET_LEAD_MINUTES } from '../root-cause/onset-estimate.ts';
import { assessImpact } from './assess-impact.ts';
import type { IncidentContext } from './contract.ts';
import { collectRunbooks, findSimilarIncidents, type PastIncident, proposeRollback } from './propose-fix.ts';
import { CONFIDENT_SUSPECT_SCORE, rankSuspects } from './rank-suspects.ts';
import { queryRedMinutes, queryRedWindow, type RedMinute } from './red-minutes.store.ts';
import { SHIFT_WINDOW_MINUTES } from './red-shift.ts';
import { buildNeighbourhood } from './service-neighbourhood.ts';

/** Impact compares the time since onset with this much before it. */
const BASELINE_MINUTES = 30;
/** The observed service graph is read over at least this long before onset. */
const GRAPH_MINUTES = 60;
const TELEMETRY_NAME_ANNOTATION = 'cairn.dev/telemetry-service-name';

/** An incident as the context engine reads it. */
export interface ContextIncident {
  id: string;
  services: readonly string[];
  startedAt: string;
  alerts: ReadonlyArray<{ rule: string; startsAt: string; annotations: Readonly<Record<string, string>> }>;
}

/** Where the context engine reads from; compose.ts builds each from the module that owns it. */
export interface IncidentContextDeps {
  telemetry: TelemetryStore;
  changes: {
    list(query: { from?: string; to?: string; service?: string; limit: number }): Promise<Change[]>;
  };
  catalog: {
    listServices(): Promise<
      ReadonlyArray<{
        name: string;
        dependsOn: readonly string[];
        annotations: Readonly<Record<string, string>>;
      }>
    >;
  };
  /** Which service calls which in the range, as the service graph observes it ('user' for entry points). */
  serviceEdges(range: { from: Date; to: Date }): Promise<readonly { source: string; target: string }[]>;
  objectives(): Promise<readonly SloObjective[]>;
  sloData: SloDataSource;
  pastIncidents(current: ContextIncident): Promise<PastIncident[]>;
  /** When other incidents on the same services were open inside `range` (left out of the root-cause baseline). */
  earlierIncidents(current: ContextIncident, range: TimeRange): Promise<TimeRange[]>;
  settings: { lookbackMinutes: number; environments: readonly string[] };
}

/**
 * What changed, what is the impact, what is the fix for one incident as of `at`, from stored data
 * only: the same incident, data and `at` give the same context, so it can be recomputed while the
 * incident is open and snapshotted at resolve.
 */
export async function buildIncidentContext(
  deps: IncidentContextDeps,
  input: { incident: ContextIncident; at: Date; explicitAt: boolean },
): Promise<Omit<IncidentContext, 'computedAt' | 'snapshot'>> {
  const { incident, at } = input;
  const onset = onsetOf(incident, at, input.explicitAt);
  const lookbackFrom = new Date(onset.getTime() - deps.settings.lookbackMinutes * 60_000);

  const catalog = await deps.catalog.listServices();
  const names = new Map(catalog.map((s) => [s.name, s.annotations[TELEMETRY_NAME_ANNOTATION] || s.name]));
  const telemetryName = (service: string) => names.get(service) ?? service;
  const graphEdges = await deps.serviceEdges({
    from: new Date(onset.getTime() - GRAPH_MINUTES * 60_000),
    to: at,
  });
  const declared = catalog.flatMap((s) =>
    s.dependsOn.map((d) => [telemetryName(s.name), telemetryName(d.replace(/^[a-z]+:/i, ''))] as const),
  );
  const observed = graphEdges.filter((e) => e.source !== 'user').map((e) => [e.source, e.target] as const);
  const incidentServices = incident.services.map(telemetryName);
  const neighbourhood = buildNeighbourhood(
    incidentServices,
    [...declared, ...observed],
    graphEdges.filter((e) => e.source === 'user').map((e) => e.target),
  );

  const environments = new Set(deps.settings.environments);
  const changes = (
    await deps.changes.list({
      from: lookbackFrom.toISOString(),
      to: new Date(at.getTime() + 1).toISOString(),
      limit: 1000,
    })
  ).filter((c) => environments.size === 0 || environments.has(c.environment));

  const related = [...neighbourhood.related.keys()];
  const onsetMinute = new Date(Math.floor(onset.getTime() / 60_000) * 60_000);
  const earliestChange = Math.min(onset.getTime(), ...changes.map((c) => Date.parse(c.at)));
  const redFrom = new Date(
    Math.min(
      earliestChange - SHIFT_WINDOW_MINUTES * 60_000,
      onsetMinute.getTime() - BASELINE_MINUTES * 60_000,
    ),
  );
  // Sequential: chDB runs one query at a time per process anyway.
  const minutes = await queryRedMinutes(deps.telemetry, related, redFrom, at);
  const baselineFrom = new Date(onsetMinute.getTime() - BASELINE_MINUTES * 60_000);
  const baseline = await queryRedWindow(deps.telemetry, related, baselineFrom, onsetMinute);
  const current = await queryRedWindow(deps.telemetry, related, onsetMinute, at);
  // The root-cause baseline reaches back past earlier incidents, from an onset the estimate may
  // move back a few minutes.
  const rootBaselineFrom = new Date(
    onset.getTime() - (MAX_BASELINE_REACH_MINUTES + MAX_ONSET_LEAD_MINUTES) * 60_000,
  );
  const excludeFromBaseline = await deps.earlierIncidents(incident, { from: rootBaselineFrom, to: onset });
  const ranked = await rankRootCauses(
    { telemetry: deps.telemetry },
    { onset, services: incidentServices, at, excludeFromBaseline },
  );
  const roots = withoutStrangers(
    ranked,
    baseline.length + current.length > 0,
    incidentServices,
    baselineFrom,
    at,
  );

  const suspects = rankSuspects({
    changes,
    onset,
    at,
    neighbourhood,
    red: groupByService(minutes),
    telemetryName,
    rootCauseServices: roots.rootCauseServices,
    templates: roots.evidence.topErrorTemplates,
  });
  const impact = await assessImpact({
    incidentServices,
    neighbourhood,
    baseline,
    current,
    baselineMinutes: BASELINE_MINUTES,
    onset,
    at,
    objectives: await deps.objectives(),
    sloData: deps.sloData,
  });

  const top = suspects[0];
  const confident = top && top.score >= CONFIDENT_SUSPECT_SCORE ? top : undefined;
  const history =
    confident?.change.service != null
      ? await deps.changes.list({
          service: confident.change.service,
          from: new Date(0).toISOString(),
          to: confident.change.at,
          limit: 50,
        })
      : [];
  const annotations = new Map(catalog.map((s) => [telemetryName(s.name), s.annotations]));
  const runbookServices = [
    ...(confident?.change.service ? [telemetryName(confident.change.service)] : []),
    ...roots.rootCauseServices.slice(0, 2).map((r) => r.service),
    ...incidentServices,
  ];
  const templates = roots.evidence.topErrorTemplates;
  return {
    suspects,
    rootCauseServices: roots.rootCauseServices,
    impact,
    fix: {
      rollback: proposeRollback(confident, history),
      runbooks: collectRunbooks({
        alerts: incident.alerts,
        services: runbookServices,
        annotationsOf: (s) => annotations.get(s),
      }),
      similarIncidents: findSimilarIncidents(
        {
          services: incidentServices,
          rules: incident.alerts.map((a) => a.rule),
          templates: templates.map((t) => t.template),
        },
        await deps.pastIncidents(incident),
      ),
    },
    evidence: {
      summary: roots.evidence.summary,
      exemplarTraceIds: roots.evidence.exemplarTraceIds,
      topErrorTemplates: templates,
      windows: {
        onset: onset.toISOString(),
        at: at.toISOString(),
        changes: { from: lookbackFrom.toISOString(), to: onset.toISOString() },
        baseline: roots.evidence.windows.baseline,
        baselineExcluded: roots.evidence.windows.baselineExcluded,
        after: roots.evidence.windows.after,
      },
    },
  };
}

/**
 * Symptom onset: the earliest alert start (Alertmanager's startsAt is when the condition began),
 * else when the incident opened. Computing "now" for an alert stamped a moment ahead (clock skew)
 * moves onset back to one second before `at` rather than failing.
 */
function onsetOf(incident: ContextIncident, at: Date, explicitAt: boolean): Date {
  const starts = [incident.startedAt, ...incident.alerts.map((a) => a.startsAt)]
    .map(Date.parse)
    .filter(Number.isFinite);
  const onset = Math.min(...starts);
  if (onset < at.getTime()) return new Date(onset);
  if (explicitAt) {
    throw new InputError(
      `at (${at.toISOString()}) must be after the incident's onset (${new Date(onset).toISOString()})`,
      'query.at',
    );
  }
  return new Date(at.getTime() - 1000);
}

/**
 * When neither the incident's services nor anything around them has traces, the ranking looks at
 * every service in the store, and whatever is anomalous elsewhere is not this incident's cause:
 * say so plainly instead.
 */
function withoutStrangers(
  ranked: RootCauseAnalysis,
  hasTelemetry: boolean,
  services: readonly string[],
  from: Date,
  to: Date,
): RootCauseAnalysis {
  if (hasTelemetry) return ranked;
  const who = services.length > 0 ? services.join(', ') : 'the alerting services';
  return {
    rootCauseServices: [],
    evidence: {
      ...ranked.evidence,
      summary:
        `No traces are stored for ${who} or the services around it between ${from.toISOString()} and ` +
        `${to.toISOString()}, so no root cause can be ranked and no change can be checked against telemetry.`,
      exemplarTraceIds: [],
      topErrorTemplates: ranked.evidence.topErrorTemplates.filter((t) => services.includes(t.service)),
    },
  };
}

function groupByService(minutes: readonly RedMinute[]): Map<string, RedMinute[]> {
  const map = new Map<string, RedMinute[]>();
  for (const minute of minutes) {
    const list = map.get(minute.service) ?? [];
    list.push(minute);
    map.set(minute.service, list);
  }
  return map;
}
