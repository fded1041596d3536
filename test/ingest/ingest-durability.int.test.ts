import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sql } from '../../src/stores/telemetry/index.ts';
import { checkStored, countStoredByRequest, runIngestLoad } from '../robustness/ingest-load.ts';
import { startCairn } from '../support/start-cairn.ts';
import { queryRows, startListeningCairn } from './ingest-harness.ts';
import { jsonSpan, jsonTraces } from './otlp-requests.ts';

const RECORDS_PER_REQUEST = 25;

const spans = (n: number) => Array.from({ length: n }, (_, i) => jsonSpan(i));

async function countSpans(dataDir: string, service: string): Promise<number> {
  const reopened = await startListeningCairn({ dataDir });
  try {
    const [row] = await queryRows<{ n: number }>(
      reopened,
      sql`SELECT toUInt32(count()) AS n FROM otel_traces WHERE ServiceName = ${service}`,
    );
    return row?.n ?? -1;
  } finally {
    await reopened.close();
  }
}

describe('acknowledged ingest is durable', () => {
  it('keeps spans written before a restart', async () => {
    const first = await startListeningCairn();
    const res = await fetch(`${first.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: first.auth, 'content-type': 'application/json' },
      body: jsonTraces('restarted', spans(20)),
    });
    expect(res.status).toBe(200);
    await first.close();
    expect(await countSpans(first.dataDir, 'restarted')).toBe(20);
  });

  it('keeps every span, log record and point acknowledged before `cairn up` is killed with SIGKILL mid-load', async () => {
    const cairn = await startCairn();
    const service = 'killed';
    let acknowledged = 0;
    let killed = false;
    const exited = once(cairn.child, 'exit');
    const load = runIngestLoad({
      url: cairn.url,
      auth: `Bearer ${cairn.adminToken}`,
      service,
      senders: 8,
      recordsPerRequest: RECORDS_PER_REQUEST,
      maxRequestsPerSender: 200,
      stop: () => killed,
      onAnswer: (status) => {
        if (status.startsWith('2')) acknowledged++;
      },
    });
    // Sustained ingest from eight senders; the kill lands while requests are in flight.
    const deadline = Date.now() + 20_000;
    while (acknowledged < 90 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    cairn.child.kill('SIGKILL');
    killed = true;
    await exited;
    const result = await load;

    const reopened = await startListeningCairn({ dataDir: cairn.dataDir });
    try {
      const checks = checkStored(
        result,
        await countStoredByRequest(reopened.runtime.telemetry, service),
        RECORDS_PER_REQUEST,
      );
      for (const check of checks) {
        expect(check.acknowledgedRecords, `${check.signal}: something acknowledged`).toBeGreaterThan(0);
        expect(check, cairn.output()).toMatchObject({
          acknowledgedFound: check.acknowledgedRecords,
          partialRequests: 0,
        });
      }
      // The reopened data dir serves and takes new data.
      expect((await fetch(`${reopened.url}/readyz`)).status).toBe(200);
      const after = await fetch(`${reopened.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: reopened.auth, 'content-type': 'application/json' },
        body: jsonTraces('after-kill', spans(3)),
      });
      expect(after.status).toBe(200);
    } finally {
      await reopened.close();
    }
  });
});
