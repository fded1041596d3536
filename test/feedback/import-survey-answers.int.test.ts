/**
 * Past NPS survey answers imported from another survey tool through
 * `POST /api/v1/imports/survey-answers`, on SQLite and PostgreSQL: each counts in the period it was
 * given, so the NPS trend has its periods exactly by the formula; importing again records nothing;
 * bad input is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackList, NpsReport } from '../../src/modules/feedback/index.ts';
import type { ImportResult } from '../../src/modules/imports/index.ts';
import { callAsAdmin, type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const DAY = 24 * 3_600_000;

describe.each(await stateTargets())('POST /api/v1/imports/survey-answers on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  const N = Math.floor(Date.now() / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const to = iso(N);
  const from = iso(N - 90 * DAY);

  const api = <T>(method: 'GET' | 'POST', url: string, payload?: unknown) =>
    callAsAdmin<T>(cairn, method, url, payload);
  /** Period [N-60d, N-30d): 10, 9, 9, 3 (NPS 50). Period [N-30d, N): 10, 7, 6, 0, 9, 8 (NPS 0). */
  const answers = [
    ['a1', 'ana', 'team-a', 10, 50],
    ['a2', 'ben', 'team-a', 9, 45],
    ['a3', 'cai', 'team-b', 9, 40],
    ['a4', 'dev', 'team-b', 3, 35],
    ['b1', 'ana', 'team-a', 10, 20],
    ['b2', 'ben', 'team-a', 7, 15],
    ['b3', 'cai', 'team-b', 6, 10],
    ['b4', 'dev', 'team-b', 0, 5],
    ['b5', 'eli', 'team-a', 9, 2],
    ['b6', 'fay', 'team-b', 8, 1],
  ] as const;
  const body = () => ({
    source: 'typeform',
    items: answers.map(([externalId, respondent, team, score, daysAgo]) => ({
      externalId,
      respondent,
      teams: [team],
      score,
      ...(externalId === 'a1' ? { comment: 'deploys are easy now', csat: { deployments: 5 } } : {}),
      answeredAt: iso(N - daysAgo * DAY),
    })),
  });

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess({
      ...(state.url ? { stateUrl: state.url } : {}),
      config: { feedback: { surveyPeriodDays: 30, capabilities: ['catalog', 'deployments'] } },
    });
  }, 60_000);
  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('counts each answer in the period it was given: the NPS per period, team and overall', async () => {
    const imported = await api<ImportResult>('POST', '/api/v1/imports/survey-answers', body());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      kind: 'survey-answer',
      source: 'typeform',
      imported: 10,
      already: 0,
    });

    const { body: nps } = await api<NpsReport>('GET', `/api/v1/feedback/nps?from=${from}&to=${to}`);
    expect(nps.trend).toEqual([
      {
        start: iso(N - 90 * DAY),
        end: iso(N - 60 * DAY),
        responses: 0,
        promoters: 0,
        passives: 0,
        detractors: 0,
        nps: null,
      },
      {
        start: iso(N - 60 * DAY),
        end: iso(N - 30 * DAY),
        responses: 4,
        promoters: 3,
        passives: 0,
        detractors: 1,
        nps: 50,
      },
      {
        start: iso(N - 30 * DAY),
        end: iso(N),
        responses: 6,
        promoters: 2,
        passives: 2,
        detractors: 2,
        nps: 0,
      },
    ]);
    expect(nps.overall).toEqual({ responses: 10, promoters: 5, passives: 2, detractors: 3, nps: 20 });
    expect(nps.byTeam).toEqual([
      // 10, 9, 10, 7, 9
      { team: 'team-a', responses: 5, promoters: 4, passives: 1, detractors: 0, nps: 80 },
      // 9, 3, 6, 0, 8
      { team: 'team-b', responses: 5, promoters: 1, passives: 1, detractors: 3, nps: -40 },
    ]);
    expect(nps.csat.find((c) => c.capability === 'deployments')).toEqual({
      capability: 'deployments',
      responses: 1,
      averageScore: 5,
      satisfiedPercent: 100,
    });
  });

  it('lists an imported answer with its respondent, comment and time', async () => {
    const { body: list } = await api<FeedbackList>('GET', `/api/v1/feedback/comments?from=${from}&to=${to}`);
    expect(list.items.filter((i) => i.kind === 'survey')).toHaveLength(10);
    expect(list.items.find((i) => i.comment === 'deploys are easy now')).toMatchObject({
      author: 'ana',
      teams: ['team-a'],
      at: iso(N - 50 * DAY),
    });
  });

  it('records nothing new when imported again', async () => {
    const again = await api<ImportResult>('POST', '/api/v1/imports/survey-answers', body());
    expect(again.status).toBe(200);
    expect([again.body.imported, again.body.already]).toEqual([0, 10]);
    const { body: nps } = await api<NpsReport>('GET', `/api/v1/feedback/nps?from=${from}&to=${to}`);
    expect(nps.overall.responses).toBe(10);
  });

  it.each([
    [{ score: 11 }, 'body.items.0.score: must be 0-10'],
    [{ answeredAt: 'later' }, /^body\.items\.0\.answeredAt: must be RFC 3339/],
    [
      { csat: { coffee: 4 } },
      'body.items.0.csat.coffee: not a capability the survey asks about (catalog, deployments)',
    ],
    [{ csat: { catalog: 9 } }, 'body.items.0.csat.catalog: must be 1-5'],
    [{ respondent: '' }, 'body.items.0.respondent: must not be empty'],
  ])('refuses %j with 400 naming the field', async (overrides, message) => {
    const response = await api<{ error: { message: string } }>('POST', '/api/v1/imports/survey-answers', {
      source: 'typeform',
      items: [{ externalId: 'x', respondent: 'zed', score: 9, answeredAt: iso(N - DAY), ...overrides }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it('refuses an answer from the future', async () => {
    const response = await api<{ error: { message: string } }>('POST', '/api/v1/imports/survey-answers', {
      source: 'typeform',
      items: [{ externalId: 'x', respondent: 'zed', score: 9, answeredAt: iso(Date.now() + DAY) }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^body\.items\.0\.answeredAt: .+ is in the future/);
  });
});
