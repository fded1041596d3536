/**
 * The demo's 90-day history, posted through the real API (changes, then the admin-only history
 * imports): the DORA, insights and NPS answers carry exactly what the generator made — deploys,
 * rollbacks with the incidents their bad deploys caused, survey answers in past periods, support
 * requests over past weeks — and a second start records nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/demo/history/generate-history.ts';
import { type ApiPost, seedDemoHistory } from '../../src/demo/history/seed-history.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import type { NpsReport } from '../../src/modules/feedback/index.ts';
import type { IncidentSummary } from '../../src/modules/incidents/index.ts';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const DAY = 24 * 3600_000;
const WEEK = 7 * DAY;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

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

  it('is the same for the same seed: deploys, commits, rollbacks, incidents, answers and requests', () => {
    expect(generateDemoHistory(now)).toEqual(history);
    expect(history.expected).toEqual({
      deployments: 218,
      rollbacks: 28,
      failed: 28,
      commits: 483,
      incidents: 28,
      surveyAnswers: 15,
      supportRequests: 31,
      selfServiceResolved: 17,
    });
    expect(history.changes).toHaveLength(218);
    expect(history.incidents).toHaveLength(28);
    expect(history.surveyAnswers).toHaveLength(15);
    expect(history.supportRequests).toHaveLength(31);
  });

  it('gives each rolled-back deploy the incident it caused, opened after it and resolved after its rollback', () => {
    const rollbacks = history.changes.filter((c) => c.kind === 'rollback');
    for (const rollback of rollbacks) {
      const key = rollback.idempotencyKey.replace(/:rollback$/, '');
      const deploy = history.changes.find((c) => c.idempotencyKey === key);
      const incident = history.incidents.find((i) => i.deployKey === key);
      expect(incident?.services).toEqual([rollback.service]);
      const opened = Date.parse(incident?.openedAt ?? '');
      expect(opened).toBeGreaterThan(Date.parse(deploy?.finishedAt ?? ''));
      expect(opened).toBeLessThan(Date.parse(rollback.finishedAt));
      expect(Date.parse(incident?.resolvedAt ?? '')).toBeGreaterThan(Date.parse(rollback.finishedAt));
    }
  });

  it('spreads survey answers over three past survey periods and support requests over each of the last 12 weeks', () => {
    const endMs = Math.floor(now / 3600_000) * 3600_000 - DAY;
    const period = (at: string) => Math.floor((now - Date.parse(at)) / (90 * DAY));
    expect(history.surveyAnswers.map((a) => period(a.answeredAt))).toEqual([
      ...Array(6).fill(0),
      ...Array(5).fill(1),
      ...Array(4).fill(2),
    ]);
    const weeks = new Set(
      history.supportRequests.map((r) => Math.floor((endMs - Date.parse(r.askedAt)) / WEEK)),
    );
    expect([...weeks].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(
      history.supportRequests.every((r) => r.resolvedAt === undefined || Date.parse(r.resolvedAt) <= endMs),
    ).toBe(true);
  });

  it("ends each service's history on the release the live shop starts with, so a rollback offers it", () => {
    const lastOf = (service: string) => history.changes.filter((c) => c.service === service).at(-1);
    expect(lastOf('payment')).toMatchObject({ kind: 'deploy', version: '1.3.2' });
    expect(lastOf('frontend')).toMatchObject({ kind: 'deploy', version: '2.8.1' });
    expect(lastOf('productcatalog')).toMatchObject({ kind: 'deploy', version: '2.1.0' });
    // A day before now, in whole hours: before anything the live shop deploys.
    expect(Date.parse(lastOf('payment')?.finishedAt ?? '')).toBe(Math.floor(now / 3600_000) * 3600_000 - DAY);
  });

  it('gives DORA, insights and NPS exactly the generated history, and a second seeding records nothing', async () => {
    expect(await seedDemoHistory(post, now)).toEqual({
      recorded: history.changes.length,
      already: 0,
      imported: { incidents: 28, surveyAnswers: 15, supportRequests: 31 },
    });
    expect(await seedDemoHistory(post, now)).toEqual({
      recorded: 0,
      already: history.changes.length,
      imported: { incidents: 0, surveyAnswers: 0, supportRequests: 0 },
    });

    const from = new Date(now - 91 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const dora = await get<DoraReport>(`/api/v1/dora?scope=org&from=${from}&to=${to}`);
    expect(dora.changeFailRate.deployments).toBe(history.expected.deployments);
    expect(dora.changeFailRate.failed).toBe(history.expected.failed);
    // Each failure has both pieces of evidence: its incident names it, and it was rolled back.
    for (const failure of dora.changeFailRate.failures) {
      expect(failure.reasons).toEqual([
        expect.stringMatching(
          /^deploy \S+ v0\.\d+\.0 is the confident top suspect \(score 1\.00\) of incident \S+ "\S+ (error rate|latency) up after deploy 0\.\d+\.0"$/,
        ),
        expect.stringMatching(/^rolled back to v\S+ \d+ min later \(\S+\)$/),
      ]);
    }
    // Recovery is the rollback (the incident resolved after it): the median rollback delay.
    const deployAt = new Map(history.changes.map((c) => [c.idempotencyKey, Date.parse(c.finishedAt)]));
    const delays = history.changes
      .filter((c) => c.kind === 'rollback')
      .map((c) => Date.parse(c.finishedAt) - (deployAt.get(c.idempotencyKey.replace(/:rollback$/, '')) ?? 0));
    expect(dora.recoveryTime).toMatchObject({ recovered: 28, unrecovered: 0, medianMs: median(delays) });
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
    // The incidents, imported once whatever the number of starts; critical ones paged.
    const paged = history.incidents.filter((i) => i.paged).length;
    expect(insights.mttr.resolved).toBe(28);
    expect(insights.pagesLedToAction.pages).toBe(paged);
    const incidents = await get<{ items: IncidentSummary[] }>('/api/v1/incidents?limit=500');
    expect(incidents.items).toHaveLength(28);
    expect(incidents.items.every((i) => i.status === 'resolved')).toBe(true);
    // The support requests, per week exactly as generated.
    expect(insights.supportRequests).toMatchObject({
      total: 31,
      selfServiceResolved: 17,
      selfServicePercent: (17 / 31) * 100,
    });
    const fromMs = Date.parse(from);
    const perWeek = insights.supportRequests.perWeek.map((w) => w.requests);
    const expectedPerWeek = perWeek.map(
      (_, index) =>
        history.supportRequests.filter((r) => Math.floor((Date.parse(r.askedAt) - fromMs) / WEEK) === index)
          .length,
    );
    expect(perWeek).toEqual(expectedPerWeek);

    // The survey answers: the NPS trend of the default window (four 90-day periods) has three.
    const nps = await get<NpsReport>(`/api/v1/feedback/nps?to=${to}`);
    const scoreOf = (period: number) => {
      const scores = history.surveyAnswers
        .filter((a) => Math.floor((Date.parse(to) - Date.parse(a.answeredAt)) / (90 * DAY)) === period)
        .map((a) => a.score);
      const promoters = scores.filter((s) => s >= 9).length;
      const detractors = scores.filter((s) => s <= 6).length;
      return { responses: scores.length, nps: ((promoters - detractors) * 100) / scores.length };
    };
    expect(nps.trend.map((p) => [p.responses, p.nps])).toEqual([
      [0, null],
      [4, scoreOf(2).nps],
      [5, scoreOf(1).nps],
      [6, scoreOf(0).nps],
    ]);
    // Seed 90: 7, 4, 9, 9 (25); 5, 9, 8, 8, 8 (0); 8, 9, 10, 8, 10, 9 (66.7).
    expect(nps.trend.map((p) => p.nps)).toEqual([null, 25, 0, 400 / 6]);
  });
});
