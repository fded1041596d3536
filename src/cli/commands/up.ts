import type { Command } from 'commander';
import { createLogger } from '../../kernel/logger.ts';
import { CAIRN_VERSION } from '../../kernel/version.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { type RunningServer, startServer } from '../../server/start-server.ts';
import { CliError } from '../cli-error.ts';
import { addServerOptions } from '../shared-options.ts';

interface UpOptions {
  port?: number;
  otlpPort?: number;
  host?: string;
  dataDir?: string;
  config?: string;
}

export function registerUpCommand(program: Command): void {
  addServerOptions(program.command('up').description('Start the Cairn server (UI, REST API and ingest)'))
    .addHelpText(
      'after',
      '\nEnvironment: CAIRN_STATE_URL (postgres://…, default SQLite in the data dir), CAIRN_TELEMETRY_URL\n' +
        '(http://clickhouse:8123, default chDB in the data dir), CAIRN_ADMIN_TOKEN (bootstrap admin token).\n' +
        'Configuration keys: docs/configuration.md',
    )
    .action(async (options: UpOptions) => {
      await runUp(options);
    });
}

async function runUp(options: UpOptions): Promise<void> {
  const file = options.config ?? process.env.CAIRN_CONFIG;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({
      file,
      overrides: {
        port: options.port,
        otlpPort: options.otlpPort,
        host: options.host,
        dataDir: options.dataDir,
      },
    });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`invalid configuration:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
  const logger = createLogger(config.log.level);
  let server: RunningServer;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  logger.info({ url: server.url, otlpUrl: server.otlpUrl ?? null, version: CAIRN_VERSION }, 'cairn is up');
  printBanner(server, config.dataDir);
  installShutdown(server, config.server.shutdownTimeoutMs, logger);
}

/** The human part of start-up, on stderr so stdout stays pure JSON logs. */
function printBanner(server: RunningServer, dataDir: string): void {
  const { bootstrap } = server.runtime;
  const lines = [`Cairn ${CAIRN_VERSION} is up`, `  UI and API  ${server.url}`];
  if (server.otlpUrl) lines.push(`  OTLP/HTTP   ${server.otlpUrl}  (also on the main port)`);
  lines.push(`  Data dir    ${dataDir}`);
  if (bootstrap.token)
    lines.push(`  Log in      ${server.url}/login?token=${encodeURIComponent(bootstrap.token)}`);
  if (bootstrap.generated) {
    lines.push(
      `  Admin token ${bootstrap.token} (generated now, saved 0600 to ${bootstrap.file}; shown once)`,
    );
  } else if (!bootstrap.token) {
    lines.push(`  Admin token ${bootstrap.file} was removed; set CAIRN_ADMIN_TOKEN to choose a new one`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

function installShutdown(
  server: RunningServer,
  timeoutMs: number,
  logger: ReturnType<typeof createLogger>,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.stop().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
