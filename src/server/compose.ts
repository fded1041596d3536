import { type Clock, systemClock } from '../kernel/clock.ts';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import { auditRoutes, createAuditService, createAuditStore } from '../modules/audit/index.ts';
import {
  type BootstrapResult,
  createTokenService,
  createTokenStore,
  tokenRoutes,
} from '../modules/auth/index.ts';
import { catalogRoutes } from '../modules/catalog/index.ts';
import { migrateStateStore, openStateStore, type StateStore } from '../stores/state/index.ts';
import {
  type BatchWriter,
  createBatchWriter,
  migrateTelemetry,
  openTelemetryStore,
  type TelemetryStore,
} from '../stores/telemetry/index.ts';
import { createHttpMetrics, type HttpMetrics, type StoreHealthProbe } from './http/metrics.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { platformRoutes } from './http/platform.routes.ts';
import type { Authenticator } from './http/register-routes.ts';
import type { RouteDefinition } from './http/route.ts';

export interface CairnRuntime {
  state: StateStore;
  telemetry: TelemetryStore;
  writer: BatchWriter;
  routes: RouteDefinition[];
  authenticator: Authenticator;
  metrics: HttpMetrics;
  bootstrap: BootstrapResult;
  /** Flushes pending writes and closes both stores. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  config: CairnConfig;
  logger: Logger;
  clock?: Clock;
}

/**
 * All wiring in one place: opens and migrates the stores, builds every module's service with its
 * dependencies, and collects the routes. Nothing else constructs services.
 */
export async function composeCairn({
  config,
  logger,
  clock = systemClock,
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
  const writer = createBatchWriter(telemetry, { maxRows: 5000, maxDelayMs: 200, maxQueuedRows: 200_000 });

  const audit = createAuditService({ store: createAuditStore(state.db), clock });
  const tokens = createTokenService({ store: createTokenStore(state.db), audit, clock });
  const bootstrap = await tokens.ensureBootstrapToken(config.auth.adminToken, config.dataDir);

  const telemetryStore = telemetry;
  const probes: StoreHealthProbe[] = [
    { name: 'state', ping: () => state.ping() },
    { name: 'telemetry', ping: () => telemetryStore.ping() },
  ];
  const metrics = createHttpMetrics(probes);
  const moduleRoutes: RouteDefinition[] = [
    ...tokenRoutes(tokens),
    ...auditRoutes(audit),
    ...catalogRoutes({ listServices: async () => [] }),
  ];
  const routes: RouteDefinition[] = [];
  const openApi = () => buildOpenApiDocument(routes);
  routes.push(...platformRoutes({ metrics, stores: probes, openApiDocument: openApi }), ...moduleRoutes);

  return {
    state,
    telemetry,
    writer,
    routes,
    authenticator: tokens,
    metrics,
    bootstrap,
    close: async () => {
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
