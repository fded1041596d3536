/**
 * Developer feedback through the real API on SQLite and PostgreSQL: ten people in two teams answer
 * the survey and the NPS is the formula's; thumbs on a page and a runbook step are listed with who
 * and where; answers are anonymous to everyone but admins when configured; the survey is offered
 * at most once per period, snoozable, and dismissable. People are rows the sign-in would have
 * written (users matched to catalog Users), each with a token acting for them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../src/modules/auth/index.ts';
import type { FeedbackList, NpsReport, SurveyPrompt } from '../../src/modules/feedback/index.ts';
import { createIdentityStore } from '../../src/modules/identity/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const DAY = 24 * 3_600_000;
/** Team A answers 10, 9, 9, 9, 8; team B 7, 7, 6, 3, 0. */
const PEOPLE = [
  ['ana', 'team-a', 10],
  ['ben', 'team-a', 9],
  ['cai', 'team-a', 9],
  ['dev', 'team-a', 9],
  ['eli', 'team-a', 8],
  ['fay', 'team-b', 7],
  ['gus', 'team-b', 7],
  ['hal', 'team-b', 6],
  ['ivy', 'team-b', 3],
  ['jo', 'team-b', 0],
] as const;

function writeCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-feedback-catalog-'));
  const docs = [
    ...['team-a', 'team-b'].map(
      (team) =>
        `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${team}\nspec:\n  type: team\n  children: []\n`,
    ),
    ...PEOPLE.map(
      ([name, team]) =>
        `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ${name}\nspec:\n  profile:\n    displayName: ${name.toUpperCase()} Person\n  memberOf: [${team}]\n`,
    ),
  ];
  writeFileSync(join(dir, 'people.yaml'), docs.join('---\n'));
  return dir;
}

describe.each(await stateTargets())('feedback API on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  let platformToken: string;
  let offsetMs = 0;
  const tokens = new Map<string, string>();

  const call = async <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await cairn.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    const json = response.headers['content-type']?.toString().startsWith('application/json');
    // The route's own schema (or the one error shape); CSV answers are read as text.
    return { status: response.statusCode, body: (json ? response.json() : null) as T, text: response.body };
  };
  const as = (person: string) => tokens.get(person) ?? '';

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess({
      ...(state.url ? { stateUrl: state.url } : {}),
      catalogDir: writeCatalog(),
      config: { feedback: { anonymous: true, capabilities: ['catalog', 'deployments'] } },
      clock: { now: () => new Date(Date.now() + offsetMs) },
    });
    const identity = createIdentityStore(cairn.runtime.state.db);
    const now = new Date().toISOString();
    for (const [name] of PEOPLE) {
      await identity.insertUser({
        id: `user-${name}`,
        issuer: 'https://idp.example',
        subject: name,
        email: null,
        name: `${name.toUpperCase()} Person`,
        idp_groups: '[]',
        catalog_user: name,
        created_at: now,
        last_sign_in_at: now,
      });
      const { id, secret } = generateToken();
      await cairn.runtime.state.db
        .insertInto('api_tokens')
        .values({
          id,
          name: `${name}-laptop`,
          scope: 'read',
          secret_hash: hashToken(secret),
          created_at: now,
          created_by: null,
          last_used_at: null,
          revoked_at: null,
          owner_user_id: `user-${name}`,
          teams: null,
        })
        .execute();
      tokens.set(name, secret);
    }
    const created = await call<{ secret: string }>(cairn.adminToken, 'POST', '/api/v1/tokens', {
      name: 'platform-team',
      scope: 'operate',
      serviceAccount: true,
    });
    expect(created.status).toBe(201);
    platformToken = created.body.secret;
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('gives the NPS of ten answers by the formula, overall and per team, with CSAT', async () => {
    for (const [name, , score] of PEOPLE) {
      const prompt = await call<SurveyPrompt>(as(name), 'GET', '/api/v1/feedback/survey');
      expect(prompt.body.due).toBe(true);
      const answer = await call(as(name), 'POST', '/api/v1/feedback/survey/answers', {
        score,
        comment: `${name} says ${score}`,
        csat: name === 'ana' ? { catalog: 5, deployments: 2 } : name === 'jo' ? { catalog: 3 } : {},
      });
      expect(answer.status).toBe(201);
    }
    const { status, body } = await call<NpsReport>(platformToken, 'GET', '/api/v1/feedback/nps');
    expect(status).toBe(200);
    // 4 promoters (10, 9, 9, 9), 3 detractors (6, 3, 0) of 10: 40% − 30% = 10.
    expect(body.overall).toEqual({ responses: 10, promoters: 4, passives: 3, detractors: 3, nps: 10 });
    expect(body.byTeam).toEqual([
      { team: 'team-a', responses: 5, promoters: 4, passives: 1, detractors: 0, nps: 80 },
      { team: 'team-b', responses: 5, promoters: 0, passives: 2, detractors: 3, nps: -60 },
    ]);
    expect(body.trend).toHaveLength(4);
    expect(body.trend.map((p) => p.nps)).toEqual([null, null, null, 10]);
    expect(body.csat).toEqual([
      { capability: 'catalog', responses: 2, averageScore: 4, satisfiedPercent: 50 },
      { capability: 'deployments', responses: 1, averageScore: 2, satisfiedPercent: 0 },
    ]);
  });

  it('refuses a CSAT for a capability the survey does not ask about, naming the field', async () => {
    offsetMs += 200 * DAY;
    try {
      const { status, body } = await call<{ error: { message: string } }>(
        as('ana'),
        'POST',
        '/api/v1/feedback/survey/answers',
        { score: 5, csat: { billing: 4 } },
      );
      expect(status).toBe(400);
      expect(body.error.message).toContain('body.csat.billing');
      const outOfRange = await call(as('ana'), 'POST', '/api/v1/feedback/survey/answers', { score: 11 });
      expect(outOfRange.status).toBe(400);
    } finally {
      offsetMs -= 200 * DAY;
    }
  });

  it('records thumbs with who and where; anonymous to the platform team, named to admins', async () => {
    const up = await call(as('ben'), 'POST', '/api/v1/feedback/ratings', {
      subject: { kind: 'page', id: '/dora' },
      rating: 'up',
      comment: 'finally numbers',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ author: 'BEN Person', teams: ['team-a'], rating: 'up' });
    const down = await call(as('ivy'), 'POST', '/api/v1/feedback/ratings', {
      subject: { kind: 'runbook-step', id: 'restart-payment#2' },
      rating: 'down',
    });
    expect(down.status).toBe(201);
    const badKind = await call<{ error: { message: string } }>(
      as('ivy'),
      'POST',
      '/api/v1/feedback/ratings',
      {
        subject: { kind: 'dashboard', id: 'x' },
        rating: 'down',
      },
    );
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.message).toContain('subject.kind');

    const forPlatform = await call<FeedbackList>(platformToken, 'GET', '/api/v1/feedback/comments');
    expect(forPlatform.status).toBe(200);
    expect(forPlatform.body.anonymous).toBe(true);
    expect(forPlatform.body.items).toHaveLength(12);
    expect(forPlatform.body.items.every((item) => item.author === null && item.teams === null)).toBe(true);
    const step = forPlatform.body.items.find((item) => item.where === 'runbook-step:restart-payment#2');
    expect(step).toMatchObject({ kind: 'rating', rating: 'down', comment: null, author: null });

    const forAdmin = await call<FeedbackList>(cairn.adminToken, 'GET', '/api/v1/feedback/comments');
    expect(forAdmin.body.anonymous).toBe(false);
    const survey = forAdmin.body.items.find((item) => item.kind === 'survey' && item.author === 'JO Person');
    expect(survey).toMatchObject({ where: 'survey', score: 0, comment: 'jo says 0', teams: ['team-b'] });
    const dora = forAdmin.body.items.find((item) => item.where === 'page:/dora');
    expect(dora).toMatchObject({ author: 'BEN Person', comment: 'finally numbers' });

    const onlyPage = await call<FeedbackList>(
      cairn.adminToken,
      'GET',
      '/api/v1/feedback/comments?subjectKind=page&subjectId=%2Fdora',
    );
    expect(onlyPage.body.items.map((item) => item.where)).toEqual(['page:/dora']);

    const csvPlatform = await call(platformToken, 'GET', '/api/v1/feedback/export.csv');
    expect(csvPlatform.status).toBe(200);
    expect(csvPlatform.text.split('\r\n')[0]).toBe('at,kind,where,rating,score,comment,author,teams');
    expect(csvPlatform.text).not.toContain('Person');
    const csvAdmin = await call(cairn.adminToken, 'GET', '/api/v1/feedback/export.csv');
    expect(csvAdmin.text).toContain(',rating,page:/dora,up,,finally numbers,BEN Person,team-a\r\n');

    // A member reads no one's feedback.
    const member = await call<{ error: { message: string } }>(as('ana'), 'GET', '/api/v1/feedback/nps');
    expect(member.status).toBe(403);
    expect(member.body.error.message).toBe(
      'ANA Person has the member role; feedback is read by the platform and admin roles',
    );
  });

  it('offers the survey at most once per period; snoozed and dismissed prompts come back when due', async () => {
    const again = await call<{ error: { message: string } }>(
      as('ana'),
      'POST',
      '/api/v1/feedback/survey/answers',
      {
        score: 10,
      },
    );
    expect(again.status).toBe(409);
    const prompt = await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey');
    expect(prompt.body.due).toBe(false);
    expect(prompt.body.periodDays).toBe(90);
    expect(prompt.body.capabilities).toEqual(['catalog', 'deployments']);
    const nextAt = Date.parse(prompt.body.nextAt ?? '');

    // After the period, ana is asked again; she asks to be reminded in 7 days (the default).
    offsetMs = nextAt - Date.now() + 60_000;
    expect((await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey')).body.due).toBe(true);
    const snoozed = await call<SurveyPrompt>(as('ana'), 'POST', '/api/v1/feedback/survey/snooze', {});
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.due).toBe(false);
    expect(Date.parse(snoozed.body.nextAt ?? '') - (Date.now() + offsetMs)).toBeGreaterThan(7 * DAY - 5_000);
    offsetMs += 6 * DAY;
    expect((await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey')).body.due).toBe(false);
    offsetMs += 1 * DAY + 60_000;
    expect((await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey')).body.due).toBe(true);

    // Dismissing closes it for a whole period.
    const dismissed = await call<SurveyPrompt>(as('ana'), 'POST', '/api/v1/feedback/survey/dismiss');
    expect(dismissed.body.due).toBe(false);
    offsetMs += 89 * DAY;
    expect((await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey')).body.due).toBe(false);
    offsetMs += 1 * DAY + 60_000;
    expect((await call<SurveyPrompt>(as('ana'), 'GET', '/api/v1/feedback/survey')).body.due).toBe(true);
    offsetMs = 0;
  });

  it('asks only people: a service account gets no survey', async () => {
    const { status, body } = await call<{ error: { message: string } }>(
      platformToken,
      'GET',
      '/api/v1/feedback/survey',
    );
    expect(status).toBe(403);
    expect(body.error.message).toBe('platform-team is a service account; the survey is answered by people');
  });
});
