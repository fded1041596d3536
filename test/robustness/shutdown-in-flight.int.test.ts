import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { startServer } from '../../src/server/start-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('stopping a server with a request still in flight', () => {
  it('cuts the request after half the shutdown budget instead of waiting for it', async () => {
    const config = CairnConfigSchema.parse({
      dataDir,
      server: { host: '127.0.0.1', port: 0, otlpPort: 0, shutdownTimeoutMs: 2000 },
      auth: { adminToken: 'shutdown-admin-token-0123456789abcdef' },
      log: { level: 'silent' },
    });
    const server = await startServer(config, createLogger('silent'));
    // An ingest request whose body never finishes: without a bound, the server would wait for it
    // until Node's request timeout (5 minutes).
    const { port } = new URL(server.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.write(
      'POST /v1/traces HTTP/1.1\r\nHost: cairn\r\n' +
        'Authorization: Bearer shutdown-admin-token-0123456789abcdef\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceSpans":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    await server.stop();
    const took = performance.now() - started;

    // Half the budget (1 s) for the request, then its connection is cut: the stop waits at least
    // that long and ends far before the request would have timed out (the bound is loose, for a
    // loaded machine).
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(15_000);
    await closed;
    expect(socket.destroyed).toBe(true);
  }, 30_000);
});
