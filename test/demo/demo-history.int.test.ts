/**
 * The demo's 90-day history, posted through the real API: the DORA and insights answers carry
 * exactly what the generator made, and a second start records nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/demo/history/generate-history.ts';
import {
  type ApiPost,
  HISTORY_SUPPORT_REQUESTS,
  seedDemoHistory,
} from '../../src/demo/history/seed-history.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const DAY = 24 * 3600_000;

describe('cairn demo history (90 days through the API)', () => {
  let cairn: InProcessCairn;
  const now = Date.now();
  const history = generateDemoHistory(now);
  const post: ApiPost = async (method, path, body) => {
    const response = await cairn.app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${cairn.adminToken}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  const get = async <T>(url: string) =>
    (
      await cairn.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${cairn.adminToken}` } })
    ).json() as T;

  beforeAll(async () => {
    cairn = await startInProcess({ catalogDir: 'examples/catalog' });
  }, 60_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('is the same for the same seed, with deploys, commits and rollbacks', () => {
    expect(generateDemoHistory(now)).toEqual(history);
    expect(history.expected.deployments).toBe(history.changes.length);
    expect(history.expected.deployments).toBeGreaterThan(100);
    expect(history.expected.rollbacks).toBeGreaterThan(3);
    expect(history.expected.failed).toBe(history.expected.rollbacks);
  });

  it("ends each service's history on the release the live shop starts with, so a rollback offers it", () => {
    const lastOf = (service: string) => history.changes.filter((c) => c.service === service).at(-1);
    expect(lastOf('payment')).toMatchObject({ kind: 'deploy', version: '1.3.2' });
    expect(lastOf('frontend')).toMatchObject({ kind: 'deploy', version: '2.8.1' });
    expect(lastOf('productcatalog')).toMatchObject({ kind: 'deploy', version: '2.1.0' });
    // A day before now, in whole hours: before anything the live shop deploys.
    expect(Date.parse(lastOf('payment')?.finishedAt ?? '')).toBe(Math.floor(now / 3600_000) * 3600_000 - DAY);
  });

  it('gives DORA and insights exactly the generated counts, and a second seeding records nothing', async () => {
    expect(await seedDemoHistory(post, now)).toEqual({ recorded: history.changes.length, already: 0 });
    expect(await seedDemoHistory(post, now)).toEqual({ recorded: 0, already: history.changes.length });

    const from = new Date(now - 91 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const dora = await get<DoraReport>(`/api/v1/dora?scope=org&from=${from}&to=${to}`);
    expect(dora.changeFailRate.deployments).toBe(history.expected.deployments);
    expect(dora.changeFailRate.failed).toBe(history.expected.failed);
    expect(
      dora.changeFailRate.failures.every((f) => f.reasons.some((r) => /rolled back|rollback/i.test(r))),
    ).toBe(true);
    expect(dora.changeLeadTime.commits).toBe(history.expected.commits);
    expect(dora.reworkRate.rework).toBe(history.expected.rollbacks);
    expect(dora.recoveryTime.recovered).toBe(history.expected.failed);
    expect(dora.services).toEqual(['cart', 'checkout', 'frontend', 'payment', 'productcatalog']);
    expect(dora.weeks.reduce((sum, w) => sum + w.deployments, 0)).toBe(history.expected.deployments);

    const later = new Date(Date.now() + 60_000).toISOString();
    const insights = await get<Insights>(`/api/v1/insights?from=${from}&to=${later}`);
    const deploys = history.changes.filter((c) => c.kind === 'deploy').length;
    expect(insights.adoption.byKind.deploy?.all).toBe(deploys);
    expect(insights.adoption.byKind.rollback?.all).toBe(history.expected.rollbacks);
    // The support requests, asked once whatever the number of starts.
    expect(insights.supportRequests).toMatchObject({
      total: HISTORY_SUPPORT_REQUESTS.length,
      selfServiceResolved: 2,
      selfServicePercent: 50,
    });
  });
});
