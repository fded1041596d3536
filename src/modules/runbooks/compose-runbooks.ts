import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { IncidentContext } from '../context/index.ts';
import type { Incident, IncidentSummary } from '../incidents/index.ts';
import type { RunbookTelemetry } from './check-queries.ts';
import { type RunbookRouteDeps, runbookRoutes } from './runbook.routes.ts';
import { createRunbookService, type RunbookService, type RunbookServiceDeps } from './runbook.service.ts';
import { createRunbookStore } from './runbook.store.ts';
import { createRunbookInsights } from './runbook-insights.ts';
import { actionIdsIn, type LoadedRunbooks, loadRunbooks } from './runbook-loader.ts';

export interface RunbookComposeDeps {
  db: Kysely<StateDatabase>;
  /** The runbook directory (config `runbooks.dir`). */
  dir: string;
  /**
   * Known action ids; null skips the unknown-action check. Defaults to the ids in the `actions`
   * folder beside the runbook folder (the example configuration's layout).
   */
  actionIds?: () => ReadonlySet<string> | null;
  /** The runbooks the config reconciler applied (last good of each source); when set, `dir` is not read here. */
  loaded?: () => LoadedRunbooks;
  incidents: () => RunbookServiceDeps['incidents'] & {
    list(status: undefined, limit: number): Promise<IncidentSummary[]>;
  };
  alertsOf: RunbookServiceDeps['alertsOf'];
  contextOf(incident: Incident): Promise<IncidentContext>;
  serviceTags(service: string): Promise<string[]>;
  telemetry: RunbookTelemetry;
  clock: Clock;
  logger: Logger;
}

/** Incidents the insights look at for "no runbook matched". */
const INSIGHT_INCIDENTS = 300;

/**
 * Runbooks wired: read from the directory at most every few seconds (so a git sync shows up
 * without a restart), problems logged once per change, the service, insights and routes.
 */
export function composeRunbooks(deps: RunbookComposeDeps): {
  service: RunbookService;
  routes: (operateIncident: RunbookRouteDeps['operateIncident']) => RouteDefinition[];
} {
  const actionIds = deps.actionIds ?? (() => actionIdsIn(join(dirname(deps.dir), 'actions')));
  let cached: { at: number; loaded: LoadedRunbooks } | null = null;
  let reported = '';
  const runbooks = (): LoadedRunbooks => {
    if (deps.loaded) return deps.loaded();
    const now = deps.clock.now().getTime();
    if (cached && now - cached.at < 5_000) return cached.loaded;
    const loaded = loadRunbooks(deps.dir, actionIds());
    const problems = loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
    if (problems && problems !== reported)
      deps.logger.warn({ problems }, 'runbook problems (cairn runbook validate)');
    reported = problems;
    cached = { at: now, loaded };
    return loaded;
  };
  const store = createRunbookStore(deps.db);
  const service = createRunbookService({
    runbooks,
    incidents: {
      get: (id) => deps.incidents().get(id),
      noteRunbook: (id, message, details) => deps.incidents().noteRunbook(id, message, details),
    },
    alertsOf: deps.alertsOf,
    contextOf: deps.contextOf,
    serviceTags: deps.serviceTags,
    telemetry: deps.telemetry,
    store,
    clock: deps.clock,
  });
  const insights = createRunbookInsights({
    runbooks: () => runbooks().runbooks,
    store,
    recentIncidents: async () => {
      const list = await deps.incidents().list(undefined, INSIGHT_INCIDENTS);
      return Promise.all(
        list.map(async (incident) => ({
          id: incident.id,
          startedAt: incident.startedAt,
          resolvedAt: incident.resolvedAt,
          facts: { alerts: await deps.alertsOf(incident.id), services: incident.services, tags: [] },
        })),
      );
    },
  });
  return {
    service,
    routes: (operateIncident) => runbookRoutes({ runbooks: service, insights, operateIncident }),
  };
}
