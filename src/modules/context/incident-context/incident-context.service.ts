import type { Clock } from '../../../kernel/clock.ts';
import type { Logger } from '../../../kernel/logger.ts';
import type {
  Incident,
  IncidentContextProvider,
  IncidentContextSummary,
  IncidentSummary,
} from '../../incidents/index.ts';
import type { TimeRange } from '../root-cause/analysis-window.ts';
import {
  buildIncidentContext,
  type ContextIncident,
  type IncidentContextDeps,
} from './build-incident-context.ts';
import { createCoalescingRuns } from './coalescing-runs.ts';
import { type IncidentContext, IncidentContextSchema } from './contract.ts';
import { EARLIER_INCIDENTS_LOOKBACK_MS, earlierIncidentWindows } from './earlier-incidents.ts';
import type { PastIncident } from './propose-fix.ts';
import { CONFIDENT_SUSPECT_SCORE, describeChange, minutes } from './rank-suspects.ts';

/** The incidents module, as the context engine reads and writes it. */
export interface ContextIncidents {
  get(id: string): Promise<Incident>;
  list(status: 'open' | 'acknowledged' | 'resolved', limit: number): Promise<IncidentSummary[]>;
  startedBetween(from: string, to: string): Promise<IncidentSummary[]>;
  saveContext(id: string, context: Record<string, unknown>): Promise<void>;
  noteChanges(
    id: string,
    changes: ReadonlyArray<{
      changeId: string;
      at: string;
      message: string;
      details: Record<string, unknown>;
    }>,
  ): Promise<number>;
}

export interface IncidentContextServiceDeps
  extends Omit<IncidentContextDeps, 'pastIncidents' | 'earlierIncidents'> {
  /** Late-bound: the incidents service is built after the provider it receives. */
  incidents: () => ContextIncidents;
  /** The annotations of an incident's alerts (runbook_url), from the alerts module. */
  alertAnnotations(incidentId: string): Promise<Array<{ rule: string; annotations: Record<string, string> }>>;
  clock: Clock;
  logger: Logger;
  /**
   * How long after a failed computation asked for by the incident lifecycle (opened, alert joined,
   * resolved) it is tried once more; default {@link CONTEXT_RETRY_DELAY_MS}.
   */
  retryDelayMs?: number;
}

/**
 * A failed computation is retried once after this long: a store hiccup must not leave a new
 * incident without context until the periodic refresh, yet a store that is down is not hammered.
 */
export const CONTEXT_RETRY_DELAY_MS = 5_000;

/** Resolved incidents compared for similarity, newest first. */
const PAST_INCIDENTS_SCANNED = 200;

/**
 * The incident context engine as a service: computes, stores and summarises contexts. One
 * computation runs per incident at a time; requests arriving meanwhile coalesce into one follow-up,
 * so an alert storm joining an incident costs two computations, not one per alert.
 */
export function createIncidentContextService(deps: IncidentContextServiceDeps) {
  const toContextIncident = async (incident: Incident): Promise<ContextIncident> => {
    const annotations = await deps.alertAnnotations(incident.id);
    return {
      id: incident.id,
      services: incident.services,
      startedAt: incident.startedAt,
      alerts: incident.alerts.map((alert) => ({
        rule: alert.rule,
        startsAt: alert.startsAt,
        annotations: annotations.find((a) => a.rule === alert.rule)?.annotations ?? {},
      })),
    };
  };

  const pastIncidents = async (current: ContextIncident): Promise<PastIncident[]> => {
    const incidents = deps.incidents();
    const mine = new Set(current.services);
    const candidates = (await incidents.list('resolved', PAST_INCIDENTS_SCANNED)).filter(
      (past) => past.id !== current.id && past.services.some((s) => mine.has(s)),
    );
    const out: PastIncident[] = [];
    for (const summary of candidates.slice(0, 20)) {
      const past = await incidents.get(summary.id);
      const parsed = IncidentContextSchema.safeParse(past.context);
      out.push({
        id: past.id,
        title: past.title,
        services: past.services,
        rules: [...new Set(past.alerts.map((a) => a.rule))],
        startedAt: past.startedAt,
        resolvedAt: past.resolvedAt,
        resolvedNote: past.timeline.findLast((entry) => entry.kind === 'resolved')?.message ?? null,
        context: parsed.success ? parsed.data : null,
      });
    }
    return out;
  };

  const earlierIncidents = async (current: ContextIncident, range: TimeRange): Promise<TimeRange[]> => {
    const since = new Date(range.from.getTime() - EARLIER_INCIDENTS_LOOKBACK_MS).toISOString();
    const started = await deps.incidents().startedBetween(since, range.to.toISOString());
    return earlierIncidentWindows(current, started, range);
  };

  /** Computes the context of `incidentId` as of `at` (default now), without storing it. */
  const compute = async (incidentId: string, at?: Date): Promise<IncidentContext> => {
    const incident = await deps.incidents().get(incidentId);
    const when = at ?? deps.clock.now();
    const built = await buildIncidentContext(
      { ...deps, pastIncidents, earlierIncidents },
      { incident: await toContextIncident(incident), at: when, explicitAt: at !== undefined },
    );
    return { ...built, computedAt: when.toISOString(), snapshot: false };
  };

  /** Computes, then stores the context and its changes on the incident (unless frozen already). */
  const computeAndStore = async (incidentId: string, snapshot: boolean): Promise<IncidentContext> => {
    const incidents = deps.incidents();
    const before = await incidents.get(incidentId);
    const frozen = IncidentContextSchema.safeParse(before.context);
    if (frozen.success && frozen.data.snapshot) return frozen.data;
    const context = { ...(await compute(incidentId)), snapshot };
    if (!snapshot && (await incidents.get(incidentId)).status === 'resolved') {
      // Resolved while computing: the snapshot run that follows writes the final answer.
      return context;
    }
    await incidents.saveContext(incidentId, context);
    await incidents.noteChanges(
      incidentId,
      context.suspects.map((suspect) => ({
        changeId: suspect.change.id,
        at: suspect.change.at,
        message: `${describeChange(suspect.change)} — suspect score ${suspect.score.toFixed(2)}`,
        details: { service: suspect.change.service, kind: suspect.change.kind, score: suspect.score },
      })),
    );
    return context;
  };

  /** Runs now, or once after the computation in flight (coalescing every request made meanwhile). */
  const runs = createCoalescingRuns(computeAndStore);
  const request = (incidentId: string, snapshot: boolean) => runs.request(incidentId, snapshot);

  const retryDelayMs = deps.retryDelayMs ?? CONTEXT_RETRY_DELAY_MS;
  /** One pending retry per incident; a snapshot asked for meanwhile upgrades it. */
  const retries = new Map<string, { timer: NodeJS.Timeout; snapshot: boolean }>();

  /** Tries a failed computation once more after `retryDelayMs`; the retry itself is not retried. */
  const retryLater = (incidentId: string, snapshot: boolean, error: unknown) => {
    const pending = retries.get(incidentId);
    if (pending) {
      pending.snapshot ||= snapshot;
      return;
    }
    deps.logger.warn(
      { err: error, incidentId, retryInMs: retryDelayMs },
      'incident context computation failed; retrying once',
    );
    const entry = {
      snapshot,
      timer: setTimeout(() => {
        retries.delete(incidentId);
        request(incidentId, entry.snapshot).then(
          () => deps.logger.info({ incidentId }, 'incident context computed on retry'),
          (again: unknown) =>
            deps.logger.error(
              { err: again, incidentId },
              'incident context retry failed; the periodic refresh tries again',
            ),
        );
      }, retryDelayMs),
    };
    // A pending retry must not keep a stopping process alive; stop() clears it anyway.
    entry.timer.unref();
    retries.set(incidentId, entry);
  };

  /** What the incident lifecycle asks for: a failure is reported to the caller and retried once. */
  const requestWithRetry = async (incidentId: string, snapshot: boolean): Promise<void> => {
    try {
      await request(incidentId, snapshot);
    } catch (error) {
      retryLater(incidentId, snapshot, error);
      throw error;
    }
  };

  const provider: IncidentContextProvider = {
    async summarize(incidentId) {
      // A page rides on the computation already running for the new incident, if there is one.
      return summarizeContext(await (runs.inFlight(incidentId) ?? request(incidentId, false)));
    },
    refresh: (incidentId) => requestWithRetry(incidentId, false),
    snapshot: (incidentId) => requestWithRetry(incidentId, true),
  };

  return {
    provider,
    compute,
    /** Recomputes the context of every open or acknowledged incident (the scheduler's job). */
    async refreshOpen(): Promise<number> {
      const incidents = deps.incidents();
      const open = [...(await incidents.list('open', 500)), ...(await incidents.list('acknowledged', 500))];
      for (const incident of open) {
        await request(incident.id, false).catch((error: unknown) =>
          deps.logger.error({ err: error, incidentId: incident.id }, 'incident context refresh failed'),
        );
      }
      return open.length;
    },

    /** Cancels pending retries (shutdown): the stores they would read are closing. */
    stop(): void {
      for (const { timer } of retries.values()) clearTimeout(timer);
      retries.clear();
    },
  };
}

export type IncidentContextService = ReturnType<typeof createIncidentContextService>;

/**
 * The page's lines: "deploy payment v1.4.0 (was v1.3.2) 3 min before onset; payment error rate
 * 0.0% → 100% within 1 min after deploy v1.4.0", the impact summary, and the first runbook.
 */
export function summarizeContext(context: IncidentContext): IncidentContextSummary {
  const top = context.suspects[0];
  const cause = context.rootCauseServices[0];
  let topSuspect: string | undefined;
  if (top && top.score >= CONFIDENT_SUSPECT_SCORE) {
    const before = (Date.parse(context.evidence.windows.onset) - Date.parse(top.change.at)) / 60_000;
    // reasons[0] is timing, [1] graph relation; a confident suspect's [2] is its RED shift.
    const evidence = top.reasons[2];
    topSuspect = `${describeChange(top.change)} ${minutes(before)} before onset${evidence ? `; ${evidence}` : ''}`;
  } else if (cause) {
    topSuspect = `no recorded change correlates; most likely root cause: ${cause.service}`;
  }
  // Without telemetry the page keeps its "not yet known": the context itself says why.
  const impact = context.impact.telemetry ? context.impact.summary : undefined;
  const rollback = context.fix.rollback;
  return {
    topSuspect,
    impact,
    runbookUrl: context.fix.runbooks[0]?.url,
    ...(rollback
      ? {
          rollback: {
            service: rollback.service,
            fromVersion: rollback.fromVersion,
            toVersion: rollback.toVersion,
          },
        }
      : {}),
  };
}
