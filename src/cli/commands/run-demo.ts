import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoActions } from '../../demo/gitops/demo-actions.ts';
import { DEMO_ARGOCD_TOKEN_ENV, type DemoGitOps, startDemoGitOps } from '../../demo/gitops/demo-gitops.ts';
import { httpPoster, seedDemoHistory } from '../../demo/history/seed-history.ts';
import {
  type LoopbackProvider,
  startLoopbackProvider,
} from '../../demo/identity/loopback-identity-provider.ts';
import { startPageLog } from '../../demo/page-log.ts';
import { scheduleFor } from '../../demo/scenarios/registry.ts';
import { type Simulation, startSimulation } from '../../demo/simulation.ts';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import { createLogger } from '../../kernel/logger.ts';
import { CAIRN_VERSION } from '../../kernel/version.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { lockDataDir } from '../../server/data-dir-lock.ts';
import { type RunningServer, startServer } from '../../server/start-server.ts';
import { CliError } from '../cli-error.ts';
import { installShutdown, printServerBanner } from '../server-lifecycle.ts';

export interface DemoOptions {
  port?: number;
  otlpPort?: number;
  host?: string;
  dataDir?: string;
  config?: string;
  speed: number;
  scenario: string[];
  reset?: boolean;
  rps: number;
  seed?: number;
  rollbackAfter: number;
  historyMinutes: number;
}

/** The example config-as-code repository shipped with Cairn, found from this file, not the cwd. */
const EXAMPLES_CONFIG = fileURLToPath(new URL('../../../examples/cairn.yaml', import.meta.url));
const DEFAULT_DATA_DIR = './.cairn-demo';

/** The demo's people: grace and ada are in the example catalog's teams; pat is in the platform team. */
const DEMO_PEOPLE = [
  {
    login: 'pat',
    password: 'pat',
    name: 'Pat Platform',
    email: 'pat@acme-shop.example',
    groups: ['platform-team'],
  },
  { login: 'grace', password: 'grace', name: 'Grace Hopper', email: 'grace@acme-shop.example', groups: [] },
  { login: 'ada', password: 'ada', name: 'Ada Lovelace', email: 'ada@acme-shop.example', groups: [] },
];
/** What every Cairn data dir holds after a start; --reset refuses to wipe a directory without them. */
const DATA_DIR_MARKERS = ['state.db', 'telemetry', 'admin-token'];

export async function runDemo(options: DemoOptions): Promise<void> {
  try {
    scheduleFor(options.scenario);
  } catch (error) {
    throw new CliError(`--scenario: ${(error as Error).message}`);
  }
  const dataDir = options.dataDir ?? (process.env.CAIRN_DATA_DIR || DEFAULT_DATA_DIR);
  if (options.reset) resetDataDir(dataDir);
  // The shop's GitHub signs its webhooks; Cairn must know the same secret (examples/cairn.yaml
  // reads it from this variable). A generated one is fine: both ends live in this process.
  process.env.CAIRN_GITHUB_WEBHOOK_SECRET ||= randomBytes(24).toString('hex');
  let config = loadDemoConfig(options, dataDir);
  // The terminal is for the story (banner, deploys, scenarios, pages); request logs would drown it.
  if (!process.env.CAIRN_LOG_LEVEL) config = { ...config, log: { ...config.log, level: 'warn' } };
  const githubSecret = config.integrations.github.webhookSecret ?? process.env.CAIRN_GITHUB_WEBHOOK_SECRET;
  config = {
    ...config,
    integrations: {
      ...config.integrations,
      github: { ...config.integrations.github, webhookSecret: githubSecret },
    },
  };

  const logger = createLogger(config.log.level);
  const pageLog = config.notify.mattermostUrl
    ? undefined
    : await startPageLog(join(resolve(config.dataDir), 'pages.log'), (headline) =>
        process.stderr.write(`PAGE  ${headline}\n`),
      );
  if (pageLog) config = { ...config, notify: { ...config.notify, mattermostUrl: pageLog.url } };

  // A built-in OpenID Provider with three demo people, so a newcomer can sign in as each. It
  // needs Cairn's callback URL up front, so it runs only on a known port.
  let provider: LoopbackProvider | undefined;
  if (!config.auth.oidc && config.server.port !== 0) {
    const base = config.server.publicUrl?.replace(/\/$/, '') ?? `http://localhost:${config.server.port}`;
    const clientSecret = randomBytes(24).toString('hex');
    provider = await startLoopbackProvider({
      people: DEMO_PEOPLE,
      clientId: 'cairn-demo',
      clientSecret,
      redirectUris: [`${base}/auth/oidc/callback`],
    });
    config = {
      ...config,
      auth: {
        ...config.auth,
        oidc: {
          issuer: provider.issuer,
          clientId: 'cairn-demo',
          clientSecret,
          scopes: ['openid', 'email', 'profile', 'groups'],
          groupsClaim: 'groups',
          allowedEmailDomains: [],
          roleMappings: { 'platform-team': 'platform' },
          teamMappings: {},
          label: 'the demo identity provider',
        },
      },
    };
  }

  // The shop deploys through a git repository in the data dir and an Argo CD API on loopback.
  // Cairn's argocd executor reads the token from the environment; both ends live in this process,
  // so a generated one is fine unless the operator wants to call the API too.
  process.env[DEMO_ARGOCD_TOKEN_ENV] ||= randomBytes(24).toString('hex');
  const gitops: DemoGitOps = await startDemoGitOps({
    dataDir: config.dataDir,
    token: process.env[DEMO_ARGOCD_TOKEN_ENV],
  });
  // The deploy and rollback actions commit to that repository (unless the configuration has its own).
  if (!config.actions.dir) {
    const dir = writeDemoActions(config.dataDir, {
      repository: gitops.repository.path,
      argocdUrl: gitops.api.url,
      argocdTokenEnv: DEMO_ARGOCD_TOKEN_ENV,
    });
    config = { ...config, actions: { ...config.actions, dir } };
  }
  const closeHelpers = async () => {
    await gitops.close();
    await provider?.close();
    await pageLog?.close();
  };

  let server: RunningServer;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    await closeHelpers();
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  logger.info({ url: server.url, otlpUrl: server.otlpUrl ?? null, version: CAIRN_VERSION }, 'cairn is up');
  const adminToken = server.runtime.bootstrap.token ?? config.auth.adminToken;
  if (!adminToken) {
    await server.stop();
    await closeHelpers();
    throw new CliError(
      `the admin token of ${config.dataDir} is unknown (admin-token was removed): set CAIRN_ADMIN_TOKEN or use --reset`,
    );
  }
  printServerBanner(server, config.dataDir, [
    `  Pages       ${pageLog ? pageLog.file : `${config.notify.mattermostUrl} (Mattermost)`}`,
    `  Demo shop   10 services sending OTLP, deploys and alerts; ${describeSchedule(options)}`,
    `  Deployments ${gitops.repository.path} (git), synced by Argo CD at ${gitops.api.url}`,
    ...(provider
      ? [
          `  Sign in     ${provider.issuer} as pat (platform), grace (team-orders) or ada (team-storefront); password = name`,
        ]
      : []),
    '  Stop        Ctrl-C',
  ]);
  // 90 days of shop history for the DORA and insights pages (src/demo/history), posted beside the shop.
  void seedDemoHistory(httpPoster(server.url, adminToken), Date.now(), (m) =>
    process.stderr.write(`demo  ${m}\n`),
  ).catch((error: unknown) => logger.warn({ err: error }, 'demo history not posted'));
  // Ctrl-C works from here on, the replay of the last 15 minutes included (it can take minutes):
  // whatever has started is stopped, and the data dir is left clean.
  let simulation: Simulation | undefined;
  const shutdown = installShutdown(
    async () => {
      await simulation?.stop();
      await server.stop();
      await closeHelpers();
    },
    config.server.shutdownTimeoutMs + 10_000,
    logger,
  );
  try {
    simulation = await startSimulation({
      url: server.url,
      adminToken,
      githubSecret,
      speed: options.speed,
      scenarios: options.scenario,
      peakRps: options.rps,
      seed: options.seed ?? Date.now() % 2 ** 31,
      logger,
      gitops,
      rollbackAfterSeconds: options.rollbackAfter,
      historyMinutes: options.historyMinutes,
      onAnnounce: (message) => process.stderr.write(`demo  ${message}\n`),
    });
  } catch (error) {
    // A shutdown under way stopped the server under the replay: that is the failure, not news.
    if (shutdown.stopping()) return;
    await server.stop();
    await closeHelpers();
    throw new CliError(`the demo shop could not start: ${describeFailure(error)}`);
  }
}

function loadDemoConfig(options: DemoOptions, dataDir: string): CairnConfig {
  try {
    return loadConfig({
      // An empty CAIRN_CONFIG counts as unset, as every CAIRN_* variable does.
      file: options.config || process.env.CAIRN_CONFIG || EXAMPLES_CONFIG,
      overrides: { port: options.port, otlpPort: options.otlpPort, host: options.host, dataDir },
    });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`invalid configuration:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
}

/** Empties the demo's data dir, refusing when another process uses it or it is not a Cairn data dir. */
function resetDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.some((entry) => DATA_DIR_MARKERS.includes(entry))) {
    throw new CliError(
      `--reset: ${dataDir} is not a Cairn data dir (no ${DATA_DIR_MARKERS.join(', ')}); not wiping it`,
    );
  }
  // Taking the lock proves no running Cairn uses the directory; it is wiped with the rest.
  const lock = lockDataDir(dataDir);
  try {
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    lock.release();
  }
}

function describeSchedule(options: DemoOptions): string {
  const first = scheduleFor(options.scenario)[0];
  const when = first
    ? `${first.scenario} in ${Math.round(first.atSeconds / options.speed)} s`
    : 'no scenario';
  return options.scenario.length > 0
    ? `${options.scenario.join(', ')}; ${when}`
    : `default schedule; ${when}`;
}

/** SDK exporters reject with result objects as well as Errors; say what happened either way. */
function describeFailure(error: unknown): string {
  if (Array.isArray(error)) return error.map(describeFailure).join('; ');
  if (error instanceof Error) {
    const { code, data } = error as Error & { code?: unknown; data?: unknown }; // OTLPExporterError
    return [error.message, code === undefined ? '' : `(HTTP ${code})`, typeof data === 'string' ? data : '']
      .filter(Boolean)
      .join(' ');
  }
  const inner = (error as { error?: unknown } | null)?.error; // an ExportResult carries its cause here
  if (inner instanceof Error) return inner.message;
  return JSON.stringify(error) ?? String(error);
}
