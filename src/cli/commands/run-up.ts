import { createLogger } from '../../kernel/logger.ts';
import { CAIRN_VERSION } from '../../kernel/version.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { type RunningServer, startServer } from '../../server/start-server.ts';
import { CliError } from '../cli-error.ts';
import { installShutdown, printServerBanner } from '../server-lifecycle.ts';

export interface UpOptions {
  port?: number;
  otlpPort?: number;
  host?: string;
  dataDir?: string;
  config?: string;
}

/** Loads the configuration and starts the server until a shutdown signal. */
export async function runUp(options: UpOptions): Promise<void> {
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
  printServerBanner(server, config.dataDir);
  installShutdown(() => server.stop(), config.server.shutdownTimeoutMs, logger);
}
