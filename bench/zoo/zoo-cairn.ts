import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/kernel/clock.ts';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { type CairnRuntime, composeCairn } from '../../src/server/compose.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';

/** A Cairn whose clock the zoo sets: incidents open and resolve at simulated times. */
export interface ZooCairn {
  runtime: CairnRuntime;
  url: string;
  adminToken: string;
  /** Moves Cairn's clock (incident open and resolve times, `now`). */
  setTime(ms: number): void;
  close(): Promise<void>;
}

/**
 * Cairn wired as `cairn up` wires it (compose.ts, the main HTTP listener on a loopback port, a temp
 * data dir), with one difference: its clock is the zoo's simulated clock, so an incident opened at a
 * fault's onset and resolved when its context was read leaves exactly that stretch out of the next
 * faults' baselines, as it would in production. Periodic context refreshes are pushed out of the run.
 * With `keptDataDir` the data dir is kept (and reused when it exists), so a second run can skip the replay.
 */
export async function startZooCairn(oldestMs: number, keptDataDir?: string): Promise<ZooCairn> {
  const dataDir = keptDataDir ?? mkdtempSync(join(tmpdir(), 'cairn-zoo-'));
  const adminToken = keptDataDir ? 'zoo-admin-token-kept-between-runs' : randomBytes(24).toString('hex');
  const config = CairnConfigSchema.parse({
    dataDir,
    server: { host: '127.0.0.1', port: 0, otlpPort: 0 },
    telemetry: { retentionDays: Math.ceil((Date.now() - oldestMs) / 86_400_000) + 30 },
    auth: { adminToken },
    log: { level: 'silent' },
    context: { refreshIntervalSeconds: 86_400 },
  });
  let nowMs = Date.now();
  const clock: Clock = { now: () => new Date(nowMs) };
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config, logger, clock });
  const app = await buildHttpApp({
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
    listener: 'main',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  runtime.setPublicUrl(url);
  return {
    runtime,
    url,
    adminToken,
    setTime: (ms) => {
      nowMs = ms;
    },
    close: async () => {
      await app.close();
      await runtime.close();
      if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
