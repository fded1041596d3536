import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import { type CairnRuntime, composeCairn } from './compose.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { buildHttpApp } from './http/build-app.ts';
import { closeWithin } from './http/close-within.ts';

export interface RunningServer {
  /** Base URL of the UI and API. */
  url: string;
  /** Base URL of the extra OTLP listener, when enabled. */
  otlpUrl: string | undefined;
  runtime: CairnRuntime;
  /** Stops accepting, lets in-flight requests finish, flushes, closes the stores, frees the lock. */
  stop(): Promise<void>;
}

/** Starts Cairn: takes the data dir, opens the stores, and listens on the configured ports. */
export async function startServer(config: CairnConfig, logger: Logger): Promise<RunningServer> {
  const lock = lockDataDir(config.dataDir);
  let runtime: CairnRuntime | undefined;
  const apps: FastifyInstance[] = [];
  try {
    runtime = await composeCairn({ config, logger });
    const common = {
      routes: runtime.routes,
      authenticator: runtime.authenticator,
      metrics: runtime.metrics,
      logger,
      maxBodyBytes: config.server.maxBodyBytes,
    };
    const main = await buildHttpApp({ ...common, listener: 'main', web: {} });
    apps.push(main);
    await main.listen({ host: config.server.host, port: config.server.port });
    let otlpUrl: string | undefined;
    // Port 0 turns the extra listener off (the OTLP routes stay on the main port).
    if (config.server.otlpPort !== 0) {
      const otlp = await buildHttpApp({ ...common, listener: 'otlp' });
      apps.push(otlp);
      await otlp.listen({ host: config.server.host, port: config.server.otlpPort });
      otlpUrl = localUrl(otlp);
    }
    const url = config.server.publicUrl?.replace(/\/$/, '') ?? localUrl(main);
    runtime.setPublicUrl(url);
    const started = runtime;
    return {
      url,
      otlpUrl,
      runtime: started,
      stop: async () => {
        await Promise.all(apps.map((app) => closeWithin(app, config.server.shutdownTimeoutMs / 2)));
        await started.close();
        lock.release();
      },
    };
  } catch (error) {
    await Promise.all(apps.map((app) => app.close().catch(() => {})));
    await runtime?.close();
    lock.release();
    throw error;
  }
}

function localUrl(app: FastifyInstance): string {
  // listen() has resolved, so the server is bound to a TCP address, not a pipe.
  const address = app.server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address.address)
    ? 'localhost'
    : address.address;
  return `http://${host}:${address.port}`;
}
