import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import type { CairnRuntime } from '../../src/server/compose.ts';
import { startServer } from '../../src/server/start-server.ts';

/** A fresh Cairn listening on loopback, and what a client needs to send it telemetry. */
export interface FreshCairn {
  runtime: CairnRuntime;
  /** Base URL of the main listener, which also serves the OTLP/HTTP routes. */
  url: string;
  /** Secret of a token with the `ingest` scope, minted through the API as an operator would. */
  ingestToken: string;
  close(): Promise<void>;
}

/**
 * A fresh Cairn started the way `cairn up` starts it (start-server.ts: compose.ts wiring, a listener
 * on a free loopback port) in a temp data dir, with telemetry retention long enough to keep data
 * recorded on `oldest`: the dataset's timestamps are kept, and the default retention would let
 * ClickHouse's TTL drop years-old rows as soon as they are written. The harness reads the stores
 * through `runtime` in this process, because chDB allows one data dir per process.
 */
export async function startFreshCairn(oldest: Date): Promise<FreshCairn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-rca-run-'));
  const ageDays = Math.ceil((Date.now() - oldest.getTime()) / 86_400_000);
  const adminToken = randomBytes(24).toString('hex');
  const config = CairnConfigSchema.parse({
    dataDir,
    // otlpPort 0 turns the extra OTLP listener off; the OTLP routes stay on the main port.
    server: { host: '127.0.0.1', port: 0, otlpPort: 0 },
    telemetry: { retentionDays: ageDays + 30 },
    auth: { adminToken },
    log: { level: 'silent' },
  });
  const server = await startServer(config, createLogger('silent'));
  const close = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ingestToken = await mintIngestToken(server.url, adminToken);
    return { runtime: server.runtime, url: server.url, ingestToken, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `cairn token create --scope ingest` over the REST API: the replay sends with the least scope. */
async function mintIngestToken(url: string, adminToken: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rca-replay', scope: 'ingest' }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/tokens answered ${res.status}: ${text}`);
  const parsed: unknown = JSON.parse(text);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('secret' in parsed) ||
    typeof parsed.secret !== 'string'
  )
    throw new Error(`POST /api/v1/tokens answered without a secret: ${text}`);
  return parsed.secret;
}
