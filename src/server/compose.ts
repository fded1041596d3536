import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../kernel/clock.ts';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import {
  type ActionsRuntime,
  composeActions,
  type ExecutorRegistry,
  rollbackActionOf,
  withProposedRollback,
} from '../modules/actions/index.ts';
import {
  type AlertIntakeService,
  alertRoutes,
  createAlertIntakeService,
  createAlertStore,
  createSilenceService,
  createSilenceStore,
  presentIncidentAlert,
} from '../modules/alerts/index.ts';
import {
  auditActorOf,
  auditRoutes,
  auditStateChanges,
  createAuditService,
  createAuditStore,
} from '../modules/audit/index.ts';
import {
  type BootstrapResult,
  createTokenService,
  createTokenStore,
  type Principal,
  tokenRoutes,
} from '../modules/auth/index.ts';
import { composeCapacity } from '../modules/capacity/index.ts';
import {
  catalogRoutes,
  createCatalogService,
  createCatalogStore,
  createCatalogSync,
} from '../modules/catalog/index.ts';
import {
  changeRoutes,
  createChangeService,
  createChangeStore,
  integrationRoutes,
  terraformServiceMap,
} from '../modules/changes/index.ts';
import { configSourceRoutes, listCatalogObjects, repositoryKey } from '../modules/config-sources/index.ts';
import {
  CONFIDENT_SUSPECT_SCORE,
  createIncidentContextService,
  IncidentContextSchema,
  incidentContextRoutes,
} from '../modules/context/index.ts';
import { costRoutes, createCostService, createKubeMetricsStore } from '../modules/cost/index.ts';
import { createDoraService, createDoraSources, doraRoutes } from '../modules/dora/index.ts';
import { composeFeedback } from '../modules/feedback/index.ts';
import {
  createIdentityService,
  createIdentityStore,
  createOidcService,
  createPermissionGuard,
  createSessionAuthenticator,
  createTokenGuard,
  identityRoutes,
  type PermissionGuard,
} from '../modules/identity/index.ts';
import { createImportsService, importsRoutes } from '../modules/imports/index.ts';
import {
  createGraphTopology,
  createIncidentService,
  createIncidentStore,
  type IncidentContextProvider,
  type IncidentRunSource,
  type IncidentService,
  incidentRoutes,
  type ServiceTopology,
  withGroupingLock,
} from '../modules/incidents/index.ts';
import {
  createInFlightLimit,
  createIngestMetrics,
  createIngestService,
  ingestRoutes,
} from '../modules/ingest/index.ts';
import {
  createInsightsService,
  createServiceAvailabilityReader,
  insightsRoutes,
} from '../modules/insights/index.ts';
import {
  type ChannelRegistry,
  type ChannelTarget,
  createChannelRegistry,
  createNotifier,
  type ServiceOwners,
} from '../modules/notify/index.ts';
import { actionRunObject, type PolicyViolationService } from '../modules/policy/index.ts';
import { composeRunbooks, runbookTelemetry, withRecommendedStep } from '../modules/runbooks/index.ts';
import { createServiceDocsService, serviceDocsRoutes } from '../modules/service-docs/index.ts';
import {
  createRedSloDataSource,
  createServiceSloReader,
  createSloEvaluator,
  mergeObjectiveSources,
  objectivesFromAnnotations,
  objectivesFromConfig,
  type SloDataSource,
  type SloEvaluator,
  type SloObjectiveSource,
} from '../modules/slo/index.ts';
import {
  actionAnswerSource,
  catalogAnswerSource,
  composeSupport,
  runbookAnswerSource,
} from '../modules/support/index.ts';
import {
  createMetricsStore,
  createObservedTelemetry,
  createServiceEdgesMaterializer,
  createTelemetryQueryService,
  queryMetricSeries,
  telemetryRoutes,
} from '../modules/telemetry/index.ts';
import {
  composeTemplates,
  createCairnActionRunner,
  createTaskStore,
  registeredCatalogSources,
} from '../modules/templates/index.ts';
import {
  migrateStateStore,
  openStateStore,
  type StateDatabase,
  type StateStore,
} from '../stores/state/index.ts';
import {
  type BatchWriter,
  createBatchWriter,
  migrateTelemetry,
  openTelemetryStore,
  type TelemetryStore,
} from '../stores/telemetry/index.ts';
import { composeConfigSources } from './compose-config-sources.ts';
import { composePolicy } from './compose-policy.ts';
import { createHttpMetrics, type HttpMetrics, type StoreHealthProbe } from './http/metrics.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { platformRoutes } from './http/platform.routes.ts';
import type { Authenticator } from './http/register-routes.ts';
import type { RouteDefinition } from './http/route.ts';
import {
  createPeriodicScheduler,
  createPostgresLeaderElector,
  createSoleLeaderElector,
  type PeriodicJob,
  type PeriodicScheduler,
} from './scheduler/index.ts';

export interface CairnRuntime {
  /** Tells the runtime the URL people reach it at, once the listener has its port. */
  setPublicUrl(url: string): void;
  state: StateStore;
  telemetry: TelemetryStore;
  writer: BatchWriter;
  routes: RouteDefinition[];
  authenticator: Authenticator;
  metrics: HttpMetrics;
  bootstrap: BootstrapResult;
  alerting: Alerting;
  /** Leader-elected periodic jobs (SLO evaluation, incident sweep). */
  scheduler: PeriodicScheduler;
  /** Policy violations kept from admission reviews (tests wait on `drain()`). */
  policyViolations: PolicyViolationService;
  /** Action definitions, runs and the run worker. */
  actions: ActionsRuntime;
  /** Flushes pending writes and closes both stores. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  config: CairnConfig;
  logger: Logger;
  clock?: Clock;
  /** Executors for tools that cannot run here (tests' fakes); added to the registry. */
  extraExecutors?: ExecutorRegistry;
}

/**
 * All wiring in one place: opens and migrates the stores, builds every module's service with its
 * dependencies, and collects the routes. Nothing else constructs services.
 */
export async function composeCairn({
  config,
  logger,
  clock = systemClock,
  extraExecutors,
}: ComposeOptions): Promise<CairnRuntime> {
  const state = await openStateStore({ url: config.state.url, dataDir: config.dataDir });
  let telemetry: TelemetryStore | undefined;
  try {
    const applied = await migrateStateStore(state);
    logger.info({ store: state.location, applied }, 'state store ready');
    telemetry = await openTelemetryStore({
      url: config.telemetry.url,
      dataDir: config.dataDir,
      database: config.telemetry.database,
    });
    await migrateTelemetry(telemetry, { retentionDays: config.telemetry.retentionDays });
    logger.info({ store: telemetry.kind, database: telemetry.database }, 'telemetry store ready');
  } catch (error) {
    await telemetry?.close().catch(() => {});
    await state.close().catch(() => {});
    throw error;
  }
  // Links in notifications; start-server replaces it with the bound address (port 0 = any port).
  let publicUrl = config.server.publicUrl?.replace(/\/$/, '') ?? `http://localhost:${config.server.port}`;
  const writer = createBatchWriter(telemetry, { maxRows: 5000, maxDelayMs: 200, maxQueuedRows: 200_000 });

  const audit = createAuditService({ store: createAuditStore(state.db), clock });
  const identityStore = createIdentityStore(state.db);
  const tokens = createTokenService({
    store: createTokenStore(state.db),
    userName: async (id) => (await identityStore.findUser(id))?.name ?? null,
    clock,
  });
  const bootstrap = await tokens.ensureBootstrapToken(config.auth.adminToken, config.dataDir);

  const catalogStore = createCatalogStore(state.db);
  // Services merge what the catalog declares with what telemetry has seen.
  const catalog = createCatalogService({
    store: catalogStore,
    telemetry: createObservedTelemetry({ telemetry }),
    recentChanges: (service) => changes.recentForService(service),
    slo: createServiceSloReader({
      configObjectives: () => objectivesFromConfig(config.slo.objectives),
      data: createRedSloDataSource(telemetry),
    }),
    clock,
  });
  const changes = createChangeService({
    store: createChangeStore(state.db),
    resolver: catalog.resolver,
    clock,
  });
  // Template tasks register new repositories as catalog sources, synced beside the configured ones.
  const templateTasks = createTaskStore(state.db);
  const catalogSync = createCatalogSync({
    store: catalogStore,
    sources: config.catalog.sources,
    extraSources: () => registeredCatalogSources(templateTasks),
    checkoutDir: join(config.dataDir, 'catalog-sources'),
    gitTimeoutMs: config.catalog.gitTimeoutSeconds * 1000,
    clock,
    logger,
  });
  // Synced before the listeners open, so a ready Cairn already lists its catalog; a failing
  // source is reported by the sync and never stops the start.
  await catalogSync.sync();
  catalogSync.start(config.catalog.refreshIntervalSeconds);

  const telemetryStore = telemetry;
  const probes: StoreHealthProbe[] = [
    { name: 'state', ping: () => state.ping() },
    { name: 'telemetry', ping: () => telemetryStore.ping() },
  ];
  const metrics = createHttpMetrics(probes);
  // Runbooks, actions, templates and policies from directories and git sources, last good kept.
  const configSources = composeConfigSources({
    config,
    // Read at the first sync, below, once `actions` is built.
    actionIds: () => new Set(actions.definitions().actions.map((action) => action.id)),
    executors: () => actions.executors,
    registry: metrics.registry,
    catalogStatus: () => catalogSync.status(),
    clock,
    logger,
  });

  const graphQueries = createTelemetryQueryService({ telemetry: telemetryStore, clock });
  const catalogObjectives = {
    objectives: async () => objectivesFromAnnotations(await catalog.listServices()),
  };
  const sloData = createRedSloDataSource(telemetryStore);
  const alertRows = createAlertStore(state.db);
  // What changed, impact and fix for every incident; it reads incidents through `alerting`, which
  // is built just below with this engine as its context provider.
  const incidentContext = createIncidentContextService({
    telemetry: telemetryStore,
    changes,
    catalog,
    serviceEdges: (range) => graphQueries.serviceEdges(range),
    objectives: () =>
      mergeObjectiveSources([
        { objectives: async () => objectivesFromConfig(config.slo.objectives) },
        catalogObjectives,
      ]).objectives(),
    sloData,
    incidents: () => alerting.incidents,
    alertAnnotations: async (incidentId) =>
      (await alertRows.listByIncident(incidentId)).map((row) => ({
        rule: row.rule,
        annotations: JSON.parse(row.annotations) as Record<string, string>, // written by alert intake as a string map
      })),
    settings: { lookbackMinutes: config.context.lookbackMinutes, environments: config.context.environments },
    clock,
    logger,
  });
  // Runbooks read the incident through `alerting` (late-bound) and add the recommended step to pages.
  const runbooks = composeRunbooks({
    db: state.db,
    dir: config.runbooks.dir,
    loaded: () => configSources.runbooks(),
    // Read on the first runbook request, after `actions` below is built.
    actionIds: () => new Set(actions.definitions().actions.map((action) => action.id)),
    incidents: () => alerting.incidents,
    alertsOf: async (incidentId) =>
      (await alertRows.listByIncident(incidentId)).map((row) => ({
        rule: row.rule,
        source: row.source,
        labels: JSON.parse(row.labels) as Record<string, string>, // written by alert intake as a string map
        annotations: JSON.parse(row.annotations) as Record<string, string>, // written by alert intake as a string map
      })),
    contextOf: async (incident) => {
      const stored = IncidentContextSchema.safeParse(incident.context);
      return stored.success ? stored.data : incidentContext.compute(incident.id);
    },
    serviceTags: async (name) => (await catalog.getService(name).catch(() => null))?.tags ?? [],
    telemetry: runbookTelemetry(graphQueries),
    clock,
    logger,
  });
  // People, sessions and the one permission function; ownership comes from the catalog.
  const identity = createIdentityService({
    store: identityStore,
    tokens,
    catalog,
    incidentServices: async (id) => (await alerting.incidents.get(id).catch(() => null))?.services ?? null,
    mappings: {
      defaultRole: config.auth.defaultRole,
      roleMappings: config.auth.oidc?.roleMappings ?? {},
      teamMappings: config.auth.oidc?.teamMappings ?? {},
    },
    sessionTtlMinutes: config.auth.sessionTtlMinutes,
    clock,
  });
  const guard = createPermissionGuard(identity);
  const oidcConfig = config.auth.oidc;
  const oidc = oidcConfig
    ? {
        label: oidcConfig.label,
        service: createOidcService({
          settings: oidcConfig,
          store: identityStore,
          redirectUri: () => `${publicUrl}/auth/oidc/callback`,
          clock,
          logger,
        }),
      }
    : null;
  const alerting = composeAlerting({
    db: state.db,
    dialect: state.dialect,
    config,
    publicUrl: () => publicUrl,
    // Declared dependencies (catalog dependsOn) plus the last hour's observed service graph;
    // entry points are the services the `user` node calls.
    topology: createGraphTopology({
      load: async () => {
        const to = clock.now();
        const [services, graph] = await Promise.all([
          catalog.listServices(),
          graphQueries.serviceGraph({ from: new Date(to.getTime() - 3_600_000), to }),
        ]);
        return {
          edges: [
            ...services.flatMap((s) => s.dependsOn.map((d) => [s.name, d] as const)),
            ...graph.edges.filter((e) => e.source !== 'user').map((e) => [e.source, e.target] as const),
          ],
          entryPoints: graph.edges.filter((e) => e.source === 'user').map((e) => e.target),
        };
      },
    }),
    owners: {
      ownerOf: async (name) =>
        (await catalog.listServices()).find((s) => s.name === name)?.owner ?? undefined,
    },
    // The page names the recommended runbook step and links the proposed rollback's run form
    // (read once `actions`, below, is built).
    context: withProposedRollback(
      withRecommendedStep(
        incidentContext.provider,
        () => runbooks.service,
        (id) => `${publicUrl}/incidents/${id}`,
      ),
      { rollbackAction: () => rollbackActionOf(actions.definitions().actions), publicUrl: () => publicUrl },
    ),
    // Read on an incident request, once `actions` (below) is built.
    runs: { listByIncident: (id) => actions.incidentRuns(id) },
    catalogObjectives,
    sloData,
    channels: createChannelRegistry({ logger }),
    clock,
    logger,
  });
  const scheduler = createPeriodicScheduler({
    elector: config.state.url
      ? createPostgresLeaderElector({ url: config.state.url, logger })
      : createSoleLeaderElector(),
    logger,
  });
  for (const job of alerting.jobs) scheduler.add(job);
  const kubeMetrics = createKubeMetricsStore(telemetryStore);
  const capacityMetrics = createMetricsStore(telemetryStore);
  const capacity = composeCapacity({
    store: kubeMetrics,
    settings: config.capacity,
    alerts: alerting.intake,
    readSeries: (input) => queryMetricSeries(capacityMetrics, input),
    clock,
  });
  scheduler.add(capacity.job);
  scheduler.add({
    name: 'incident-context-refresh',
    intervalMs: config.context.refreshIntervalSeconds * 1000,
    run: async () => {
      await incidentContext.refreshOpen();
    },
  });
  // Per-minute service-graph edges, so the graph merges closed minutes instead of pairing every span.
  scheduler.add(createServiceEdgesMaterializer({ telemetry: telemetryStore, clock }).job);
  await scheduler.start();

  // Ingest admission: shared by both listeners, so the cap holds for the process.
  const ingestInFlight = createInFlightLimit({
    maxRequests: config.ingest.maxInFlightRequests,
    maxBytes: config.ingest.maxInFlightBytes,
  });
  const ingestMetrics = createIngestMetrics(
    metrics.registry,
    () => writer.queuedRows(),
    () => ingestInFlight.usage(),
  );
  const policy = composePolicy({
    config,
    db: state.db,
    clock,
    logger,
    audit,
    changes,
    catalog,
    loaded: () => configSources.policies(),
  });
  const dora = createDoraService({
    sources: createDoraSources({ changes, incidents: createIncidentStore(state.db), catalog }),
    clock,
    environments: config.dora.productionEnvironments,
    confidentScore: CONFIDENT_SUSPECT_SCORE,
  });
  const actions = composeActions({
    db: state.db,
    settings: config.actions,
    publicUrl: () => publicUrl,
    policies: () => policy.policySet(),
    definitions: () => configSources.actions(),
    policyResults: (request, results, principal) =>
      policy.violations.recordLater({
        source: 'action',
        object: actionRunObject(request),
        results,
        deleted: false,
        actor: auditActorOf(principal, null),
      }),
    audit,
    changes,
    serviceNames: async () => (await catalog.listServices()).map((service) => service.name),
    identity,
    clock,
    logger,
    ...(extraExecutors ? { extraExecutors } : {}),
    incidents: alerting.incidents,
  });
  // Read before the listeners open and the run worker starts, so a ready Cairn already runs its
  // runbooks, actions, templates and policies.
  await configSources.reconciler.sync();
  configSources.start();
  actions.worker.start();
  const templates = await composeTemplates({
    config: config.templates,
    templates: () => configSources.templates(),
    dataDir: config.dataDir,
    store: templateTasks,
    syncCatalog: async (label) => {
      const result = (await catalogSync.sync()).find((r) => r.label === label);
      return { ok: result?.ok ?? false, error: result?.error ?? null };
    },
    ownerOf: async (name) => (await catalog.listServices()).find((s) => s.name === name)?.owner ?? null,
    firstProductionDeploy: async (service, since) => {
      const to = clock.now().toISOString();
      const deploys = await Promise.all(
        config.dora.productionEnvironments.map((environment) =>
          changes.list({ service, environment, kind: 'deploy', from: since, to, limit: 1000 }),
        ),
      );
      const times = deploys
        .flat()
        .filter((c) => c.status === 'succeeded')
        .map((c) => c.at)
        .sort();
      return times[0] ?? null;
    },
    audit: ({ actor, task, outcome }) =>
      audit.record({
        actor: { ...actor, ip: null, userAgent: null },
        action: 'template.task.finished',
        target: `task:${task.id}`,
        outcome,
        service: task.service,
        details: { template: task.template, status: task.status, output: task.output, error: task.error },
      }),
    // `cairn:action` runs under the task starter's own permissions and the actions' guardrails.
    cairnActions: createCairnActionRunner({
      // The templates module keeps the principal opaque; it is the one the routes handed it.
      start: (principal, actionId, request) => actions.runs.start(principal as Principal, actionId, request),
      get: (id) => actions.runs.get(id),
      cancel: (principal, id) => actions.runs.cancel(principal as Principal, id),
    }),
    clock,
    logger,
  });
  // `/platform-help` answers from the catalog's docs and runbook links, the runbooks and the actions.
  const support = composeSupport({
    db: state.db,
    sources: [
      catalogAnswerSource(catalog, () => publicUrl),
      runbookAnswerSource(runbooks.service, () => publicUrl),
      actionAnswerSource({ list: () => actions.definitions().actions }, () => publicUrl),
    ],
    settings: config.support,
    clock,
    logger,
  });
  const moduleRoutes: RouteDefinition[] = [
    ...identityRoutes({
      identity,
      tokens,
      oidc,
      audit,
      sessionTtlMinutes: config.auth.sessionTtlMinutes,
      publicUrl: () => publicUrl,
    }),
    ...tokenRoutes(tokens, createTokenGuard(identity)),
    ...auditRoutes({ audit, mayReadAudit: (principal) => guard.readAudit(principal) }),
    ...catalogRoutes({ catalog, sync: catalogSync, mayConfigure: (principal) => guard.configure(principal) }),
    // Docs are read beside each service's catalog-info.yaml, in the source it was synced from.
    ...serviceDocsRoutes(
      createServiceDocsService({
        components: () => catalogStore.listEntitiesWithSource(['Component']),
        sourceRoot: (sourceId) => catalogSync.sourceRoot(sourceId),
        runbooks: () =>
          runbooks.service.list().map((runbook) => ({
            id: runbook.id,
            title: runbook.title,
            text: runbook.steps.map((step) => `${step.title}\n${step.text}`).join('\n'),
          })),
        clock,
      }),
    ),
    ...changeRoutes(changes),
    ...alerting.routes(guard),
    ...incidentContextRoutes(incidentContext),
    ...runbooks.routes((principal, incidentId, request) =>
      guard.operateIncident(principal, incidentId, request),
    ),
    ...doraRoutes(dora),
    ...composeFeedback({ db: state.db, people: identity, settings: config.feedback, clock }).routes,
    ...templates.routes,
    ...insightsRoutes(
      createInsightsService({
        changes,
        incidents: createIncidentStore(state.db),
        supportRequests: (from, to) => support.service.requestsBetween(from, to),
        serviceAvailability: createServiceAvailabilityReader({
          services: async () =>
            (await catalog.listServices()).map((s) => ({
              name: s.name,
              tier: s.tier,
              telemetryName: s.annotations['cairn.dev/telemetry-service-name'] ?? s.name,
            })),
          counts: (service, fromSeconds, toSeconds) =>
            sloData.counts({ service, kind: 'availability', target: 99.9 }, fromSeconds, toSeconds),
        }),
        clock,
      }),
    ),
    ...support.routes,
    ...importsRoutes(
      createImportsService({
        db: state.db,
        changes,
        clock,
        capabilities: config.feedback.capabilities,
        topics: config.support.topics,
      }),
    ),
    ...integrationRoutes({
      changes,
      githubWebhookSecret: config.integrations.github.webhookSecret,
      terraformServices: async () =>
        terraformServiceMap(await catalogStore.listEntities(['Component', 'Resource'])),
      onGithubPush: (repositoryUrls, ref) =>
        Promise.all([
          configSources.reconciler.syncPushed(repositoryUrls, ref),
          // A catalog source following the pushed repository is read now too, not at its next refresh.
          catalogFollows(config.catalog.sources, repositoryUrls) ? catalogSync.sync() : null,
        ]),
    }),
    ...configSourceRoutes({
      reconciler: configSources.reconciler,
      mayConfigure: (principal) => guard.configure(principal),
      objects: async () => [
        ...(await listCatalogObjects({ store: catalogStore, sources: config.catalog.sources })),
        ...configSources.objects(),
      ],
    }),
    ...telemetryRoutes(graphQueries),
    ...costRoutes(
      createCostService({
        store: kubeMetrics,
        catalog,
        settings: config.cost,
        clock,
        actionDefined: (id) => actions.definitions().actions.some((action) => action.id === id),
      }),
    ),
    ...capacity.routes,
    ...policy.routes,
    ...actions.routes,
    ...ingestRoutes({
      service: createIngestService({
        writer,
        metrics: ingestMetrics,
        limits: {
          maxAttributes: config.ingest.maxAttributesPerRecord,
          maxValueLength: config.ingest.maxAttributeValueLength,
        },
        maxBodyBytes: config.server.maxBodyBytes,
      }),
      maxBodyBytes: config.server.maxBodyBytes,
      inFlight: ingestInFlight,
      metrics: ingestMetrics,
    }),
  ];
  const routes: RouteDefinition[] = [];
  const openApi = () => buildOpenApiDocument(routes);
  // Every state change made through the API leaves an audit entry, refusals included.
  routes.push(
    ...platformRoutes({ metrics, stores: probes, openApiDocument: openApi }),
    ...capacity.unauditedRoutes,
    ...auditStateChanges(moduleRoutes, audit),
  );

  return {
    setPublicUrl: (url) => {
      publicUrl = url;
    },
    state,
    telemetry,
    writer,
    routes,
    authenticator: {
      authenticate: (token) => tokens.authenticate(token),
      authenticateSession: createSessionAuthenticator(identity, () => publicUrl),
      onRefused: ({ request, route, actor, message }) =>
        audit.record({
          actor: auditActorOf(actor, request),
          action: `${route.method} ${route.url}`,
          target: request.url.split('?')[0] ?? route.url,
          outcome: 'refused',
          details: { error: message, step: 'authentication' },
        }),
    },
    metrics,
    bootstrap,
    alerting,
    scheduler,
    policyViolations: policy.violations,
    actions,
    close: async () => {
      await actions.worker.stop();
      await scheduler.stop();
      await templates.service.stop();
      await alerting.drain();
      await policy.violations.drain();
      incidentContext.stop();
      await catalogSync.stop();
      await configSources.reconciler.stop();
      await writer
        .close()
        .catch((error: unknown) => logger.error({ err: error }, 'flushing telemetry failed'));
      await telemetryStore
        .close()
        .catch((error: unknown) => logger.error({ err: error }, 'closing telemetry failed'));
      await state
        .close()
        .catch((error: unknown) => logger.error({ err: error }, 'closing state store failed'));
    },
  };
}

/** What alerting needs from the rest of Cairn; {@link composeCairn} builds each from the module that owns it. */
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
  /** The action runs started from an incident (the actions module). */
  runs?: IncidentRunSource;
  /** Objectives beyond cairn.yaml (catalog annotations). */
  catalogObjectives: SloObjectiveSource;
  sloData: SloDataSource;
  channels: ChannelRegistry;
  clock: Clock;
  logger: Logger;
}

export interface Alerting {
  /** The alert, silence and incident routes; `guard` decides who may change what. */
  routes: (guard: PermissionGuard) => RouteDefinition[];
  /** Periodic jobs for the leader-elected scheduler. */
  jobs: PeriodicJob[];
  intake: AlertIntakeService;
  incidents: IncidentService;
  slo: SloEvaluator;
  /** Waits for notifications in flight. */
  drain(): Promise<void>;
}

/**
 * Alert intake, incidents, notifications and SLO alerts wired together. The sweep (held pages,
 * quiet resolution) runs at least twice per hold/quiet period so their timing stays close to the
 * configured values, and at most every 5 s. Exported so tests and benchmarks build the same graph.
 */
export function composeAlerting(deps: AlertingDeps): Alerting {
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
    ...(deps.runs ? { runs: deps.runs } : {}),
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
    routes: (guard) => [
      ...alertRoutes({
        intake,
        guard,
        store: alertStore,
        silences,
        outcomes: incidents,
        clock: deps.clock,
      }),
      ...incidentRoutes(incidents, guard),
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

/** Whether a git catalog source follows one of the repository URLs a push named. */
function catalogFollows(sources: CairnConfig['catalog']['sources'], repositoryUrls: string[]): boolean {
  const pushed = new Set(repositoryUrls.map(repositoryKey));
  return sources.some((source) => source.type === 'git' && pushed.has(repositoryKey(source.url)));
}
