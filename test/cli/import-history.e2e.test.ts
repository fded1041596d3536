/**
 * `cairn import incidents --file …` against a real `cairn up`: the file's incidents are recorded
 * with their own times, a second run records nothing, and a refused file stops with the server's
 * message naming the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../src/modules/incidents/index.ts';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const HOUR = 3600_000;
const N = Math.floor(Date.now() / 60_000) * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('cairn import incidents', () => {
  let cairn: CairnProcess;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-import-history-'));
  const file = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const incident = (externalId: string, openedMs: number) => ({
    externalId,
    title: `outage ${externalId}`,
    severity: 'critical',
    services: ['payment'],
    openedAt: iso(openedMs),
    resolvedAt: iso(openedMs + HOUR),
  });
  const run = (path: string) =>
    runCairn(['import', 'incidents', '--file', path, '--url', cairn.url, '--token', cairn.adminToken]);

  beforeAll(async () => {
    cairn = await startCairn({ timeoutMs: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await cairn?.stop();
  });

  it('imports the file once, however often it runs', async () => {
    const history = file('history.json', {
      source: 'opsgenie',
      items: [incident('OG-1', N - 48 * HOUR), incident('OG-2', N - 24 * HOUR)],
    });
    const first = await run(history);
    expect(first.stdout).toBe('incidents from opsgenie: 2 imported, 0 already there\n');
    expect(first.code).toBe(0);
    const again = await run(history);
    expect(again.stdout).toBe('incidents from opsgenie: 0 imported, 2 already there\n');

    const response = await fetch(`${cairn.url}/api/v1/incidents`, {
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    const { items } = (await response.json()) as { items: IncidentSummary[] };
    expect(items.map((i) => [i.title, i.status, i.startedAt, i.resolvedAt])).toEqual([
      ['outage OG-2', 'resolved', iso(N - 24 * HOUR), iso(N - 23 * HOUR)],
      ['outage OG-1', 'resolved', iso(N - 48 * HOUR), iso(N - 47 * HOUR)],
    ]);
  });

  it('stops with the field the server refused, or what is wrong with the file', async () => {
    const future = await run(
      file('future.json', { source: 'opsgenie', items: [incident('OG-3', N + HOUR)] }),
    );
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(
      /^cairn: POST \/api\/v1\/imports\/incidents failed with 400: body\.items\.0\.openedAt: .+ is in the future/,
    );
    const notHistory = await run(file('list.json', '[1, 2]'));
    expect(notHistory.code).toBe(1);
    expect(notHistory.stderr).toContain('expected { "source": "<tool>", "items": [ … ] }');
  });
});
