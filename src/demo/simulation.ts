import type { Logger } from '../kernel/logger.ts';
import { createAlertSender } from './alerts/alert-sender.ts';
import { startErrorRateRule } from './alerts/error-rate-rule.ts';
import { createCairnClient, createIngestToken } from './cairn-client.ts';
import { startDeployFeed } from './changes/deploy-feed.ts';
import { createDeployer } from './changes/deployer.ts';
import { createDemoClock, createTimers, DEFAULT_HISTORY_MINUTES } from './demo-clock.ts';
import { type DemoGitOps, REFRESH_INTERVAL_MS } from './gitops/demo-gitops.ts';
import { startKubeMetricsFeed } from './kube/kube-metrics-feed.ts';
import { createRandom } from './random.ts';
import { startScenarioSchedule } from './scenarios/scenario-schedule.ts';
import { createShop } from './shop/shop.ts';
import { SERVICE_PROFILES, SHOP_SERVICES, type ShopService } from './shop/topology.ts';

export interface SimulationOptions {
  /** Base URL of the Cairn the shop reports to. */
  url: string;
  /** Admin token, used once to create the shop's ingest token. */
  adminToken: string;
  /** Secret the shop's GitHub signs webhook deliveries with (Cairn must have the same). */
  githubSecret: string;
  /** Scenario time runs this many times faster than the wall clock. */
  speed: number;
  /** Scenario names to play; empty plays the default schedule. */
  scenarios: readonly string[];
  /** Frontend requests per second at the daily peak. */
  peakRps: number;
  seed: number;
  logger: Logger;
  /** The deployment repository and the Argo CD that rolls out what it says. */
  gitops: DemoGitOps;
  /** How often the SDKs export metrics. */
  metricIntervalMs?: number;
  /** Scenario seconds before payment's bad deploy is rolled back by hand; 0: never. */
  rollbackAfterSeconds: number;
  /** Minutes of past traffic replayed at start (default {@link DEFAULT_HISTORY_MINUTES}). */
  historyMinutes?: number;
  /** Told each thing the demo does (deploys, scenario steps), for the terminal. */
  onAnnounce?: (message: string) => void;
}

export interface Simulation {
  /** Stops traffic and scenarios, waits for deliveries in flight, and flushes every exporter. */
  stop(): Promise<void>;
}

/**
 * Starts the simulated shop against a running Cairn. Everything goes over Cairn's public HTTP
 * API: OTLP from the SDKs, signed GitHub and Argo CD webhooks, Alertmanager notifications.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const { logger, gitops } = options;
  const ingestToken = await createIngestToken(options.url, options.adminToken);
  const rejected = new Set<string>();
  const client = createCairnClient({
    url: options.url,
    ingestToken,
    githubSecret: options.githubSecret,
    onRejected: (what, status, body) => {
      // Once per kind of rejection: a missing integration should not flood the log.
      const key = `${what} ${status}`;
      if (rejected.has(key)) return;
      rejected.add(key);
      logger.warn({ status, body: body.slice(0, 500) }, `demo: Cairn refused a ${what}`);
    },
  });
  const clock = createDemoClock({ speed: options.speed, startedAtMs: Date.now() });
  const random = createRandom(options.seed);
  const timers = createTimers((error) => logger.warn({ err: error }, 'demo: a simulated step failed'));
  const shop = createShop({
    target: {
      url: options.url,
      token: ingestToken,
      environment: 'production',
      metricIntervalMs: options.metricIntervalMs ?? 10_000,
    },
    clock,
    random,
    timers,
    peakRps: options.peakRps,
    // Each service runs what its Argo CD application has synced, not a version of its own.
    versions: (service) => gitops.controller.tagOf(SERVICE_PROFILES[service].argocdApp) ?? 'unknown',
  });
  const alerts = createAlertSender(client);
  const deployer = createDeployer({ gitops, client, random });
  const announce = (message: string) => {
    logger.info({ demo: true }, `demo: ${message}`);
    options.onAnnounce?.(message);
  };

  const history = options.historyMinutes ?? DEFAULT_HISTORY_MINUTES;
  if (history > 0) {
    announce(`replaying the last ${history} minutes of shop traffic, so Cairn has a baseline`);
    await shop.backfill(history);
  }
  shop.start();
  gitops.controller.start({
    refreshMs: REFRESH_INTERVAL_MS,
    rollOut: (app, tag) => shop.deploy(serviceOfApp(app), tag),
    report: async (report) => {
      const { app, phase } = report;
      if (phase === 'Succeeded') {
        announce(`argocd: ${app.name} synced ${app.tag} at ${app.revision.slice(0, 7)}`);
      } else if (phase === 'Failed') {
        announce(`argocd: ${app.name} sync failed: ${app.operation?.message ?? ''}`);
      }
      if (app.notify) await client.postArgoCd(gitops.notificationOf(report));
    },
  });
  // In the background: the shop's traffic and scenarios do not wait for 8 days of cluster series.
  announce(
    'sending 8 days of kube-state-metrics, cAdvisor and node-exporter series (cost, right-sizing, capacity)',
  );
  const kubeFeedStop = new AbortController();
  const kubeFeed = startKubeMetricsFeed({
    signal: kubeFeedStop.signal,
    url: options.url,
    token: ingestToken,
    timers,
    historyDays: 8,
    paceMs: 3000,
    intervalMs: 30_000,
    onRejected: (status, body) =>
      logger.warn({ status, body: body.slice(0, 500) }, 'demo: Cairn refused remote write'),
  }).catch((error: unknown) => logger.warn({ err: error }, 'demo: sending cluster series failed'));
  startErrorRateRule({ stats: shop.stats, alerts, clock, timers });
  startDeployFeed({ shop, deployer, clock, timers, random, announce });
  startScenarioSchedule({
    names: options.scenarios,
    context: {
      shop,
      deployer,
      alerts,
      clock,
      timers,
      random,
      announce,
      rollbackAfterSeconds: options.rollbackAfterSeconds,
    },
  });
  announce(
    `shop running: 10 services, up to ${options.peakRps} requests/s, speed ×${options.speed}` +
      (options.scenarios.length > 0 ? `, scenarios ${options.scenarios.join(', ')}` : ', default schedule'),
  );
  return {
    stop: async () => {
      timers.clear();
      await gitops.controller.stop();
      kubeFeedStop.abort();
      await kubeFeed;
      await timers.settled();
      await shop.shutdown();
    },
  };
}

/** The shop service an Argo CD application deploys. */
function serviceOfApp(app: string): ShopService {
  const service = SHOP_SERVICES.find((candidate) => SERVICE_PROFILES[candidate].argocdApp === app);
  if (!service) throw new Error(`no shop service is deployed by the Argo CD application ${app}`);
  return service;
}
