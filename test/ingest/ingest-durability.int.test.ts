import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sql } from '../../src/stores/telemetry/index.ts';
import { startCairn } from '../support/start-cairn.ts';
import { queryRows, startListeningCairn } from './ingest-harness.ts';
import { jsonSpan, jsonTraces } from './otlp-requests.ts';

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

  it('keeps spans acknowledged before `cairn up` is killed with SIGKILL', async () => {
    const cairn = await startCairn();
    for (let batch = 0; batch < 5; batch++) {
      const res = await fetch(`${cairn.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cairn.adminToken}`, 'content-type': 'application/json' },
        body: jsonTraces('killed', spans(10)),
      });
      expect(res.status, cairn.output()).toBe(200);
    }
    const exited = once(cairn.child, 'exit');
    cairn.child.kill('SIGKILL');
    await exited;
    expect(await countSpans(cairn.dataDir, 'killed')).toBe(50);
  });
});
