import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { StateDatabase, StateStore } from '../../stores/state/index.ts';
import {
  createIncidentService,
  createIncidentStore,
  type IncidentContextProvider,
  type IncidentService,
  incidentRoutes,
  type ServiceTopology,
  withGroupingLock,
} from '../incidents/index.ts';
import {
  type ChannelRegistry,
  type ChannelTarget,
  createNotifier,
  type ServiceOwners,
} from '../notify/index.ts';
import {
  createSloEvaluator,
  mergeObjectiveSources,
  objectivesFromConfig,
  type SloDataSource,
  type SloEvaluator,
  type SloObjectiveSource,
} from '../slo/index.ts';
import { alertRoutes } from './alert.routes.ts';
import { createAlertStore } from './alert.store.ts';
import { type AlertIntakeService, createAlertIntakeService } from './alert-intake.service.ts';
import { presentIncidentAlert } from './alert-presenter.ts';
import { createSilenceService } from './silence.service.ts';
import { createSilenceStore } from './silence.store.ts';

/** What alerting needs from the rest of Cairn; compose.ts builds each from the modules that own it. */
export interface AlertingDeps {
  db: Kysely<StateDatabase>;
  /** Decides how incident grouping is made exclusive: a PostgreSQL lock, or nothing on SQLite. */
  dialect: StateStore['dialect'];
  config: Pick<CairnConfig, 'alerts' | 'notify' | 'slo'>;
  /** Base URL of links in notifications; a function because the port may be known only after listen. */
  publicUrl: () => string;
  topology: ServiceTopology;
  owners: ServiceOwners;
  context: IncidentContextProvider;
  /** Objectives beyond cairn.yaml (catalog annotations). */
  catalogObjectives: SloObjectiveSource;
  sloData: SloDataSource;
  channels: ChannelRegistry;
  clock: Clock;
  logger: Logger;
}

/** A periodic job for the leader-elected scheduler (structurally a server/scheduler PeriodicJob). */
export interface AlertingJob {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

export interface Alerting {
  routes: RouteDefinition[];
  jobs: AlertingJob[];
  intake: AlertIntakeService;
  incidents: IncidentService;
  slo: SloEvaluator;
  /** Waits for notifications in flight. */
  drain(): Promise<void>;
}

/**
 * Alert intake, incidents, notifications and SLO alerts wired together. The sweep (held pages,
 * quiet resolution) runs at least twice per hold/quiet period so their timing stays close to the
 * configured values, and at most every 5 s.
 */
export function createAlerting(deps: AlertingDeps): Alerting {
  const { alerts, notify, slo } = deps.config;
  const alertStore = createAlertStore(deps.db);
  const silences = createSilenceService({ store: createSilenceStore(deps.db), clock: deps.clock });
  const defaultChannel: ChannelTarget = notify.mattermostUrl
    ? { name: 'default', kind: 'mattermost', url: notify.mattermostUrl }
    : { name: 'log', kind: 'log' };
  const notifier = createNotifier({
    registry: deps.channels,
    channels: notify.channels,
    routes: notify.routes,
    defaultChannel,
    owners: deps.owners,
    retry: { attempts: notify.retryAttempts, initialDelayMs: notify.retryInitialDelayMs },
    logger: deps.logger,
  });
  const incidents = createIncidentService({
    store: createIncidentStore(deps.db),
    grouping: (work) => withGroupingLock(deps.db, deps.dialect, (db) => work(createIncidentStore(db))),
    alerts: { listByIncident: async (id) => (await alertStore.listByIncident(id)).map(presentIncidentAlert) },
    topology: deps.topology,
    context: deps.context,
    notifier,
    clock: deps.clock,
    logger: deps.logger,
    settings: {
      groupWindowMinutes: alerts.groupWindowMinutes,
      transientHoldSeconds: alerts.transientHoldSeconds,
      resolveQuietSeconds: alerts.resolveQuietSeconds,
      contextTimeoutMs: alerts.contextTimeoutMs,
      publicUrl: deps.publicUrl,
    },
  });
  const intake = createAlertIntakeService({
    store: alertStore,
    silences,
    incidents,
    clock: deps.clock,
    settings: { serviceLabels: alerts.serviceLabels, flapping: alerts.flapping },
  });
  const evaluator = createSloEvaluator({
    objectives: mergeObjectiveSources([
      { objectives: async () => objectivesFromConfig(slo.objectives) },
      deps.catalogObjectives,
    ]),
    data: deps.sloData,
    alerts: intake,
    clock: deps.clock,
    minBadEvents: slo.minBadEvents,
  });
  const sweepSeconds = Math.max(
    1,
    Math.min(5, alerts.transientHoldSeconds / 2, alerts.resolveQuietSeconds / 2),
  );
  return {
    routes: [
      ...alertRoutes({ intake, store: alertStore, silences, outcomes: incidents, clock: deps.clock }),
      ...incidentRoutes(incidents),
    ],
    jobs: [
      {
        name: 'slo-evaluation',
        intervalMs: slo.evaluationIntervalSeconds * 1000,
        run: async () => {
          await evaluator.evaluate();
        },
      },
      {
        name: 'incident-sweep',
        intervalMs: sweepSeconds * 1000,
        run: async () => {
          await intake.pageHeld();
          await incidents.resolveQuiet();
        },
      },
    ],
    intake,
    incidents,
    slo: evaluator,
    drain: () => incidents.drain(),
  };
}
