import type { Logger } from '../kernel/logger.ts';
import { CAIRN_VERSION } from '../kernel/version.ts';
import type { RunningServer } from '../server/start-server.ts';

/**
 * The human part of start-up, on stderr so stdout stays pure JSON logs. Shared by `cairn up` and
 * `cairn demo`; `extra` lines (the demo's page log) go after the standard ones.
 */
export function printServerBanner(server: RunningServer, dataDir: string, extra: string[] = []): void {
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
  lines.push(...extra);
  process.stderr.write(`${lines.join('\n')}\n`);
}

/**
 * SIGINT/SIGTERM run `stop` once and exit 0 when it finishes; a second signal, a failure or
 * `timeoutMs` without an end exits 1. Returns whether a shutdown has begun, for start-up work that
 * fails because of it and must then stay quiet.
 */
export function installShutdown(
  stop: () => Promise<void>,
  timeoutMs: number,
  logger: Logger,
): { stopping: () => boolean } {
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
    stop().then(
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
  return { stopping: () => stopping };
}
