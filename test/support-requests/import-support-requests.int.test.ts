/**
 * Past support requests imported from a help desk through `POST /api/v1/imports/support-requests`,
 * on SQLite and PostgreSQL: each keeps when it was asked and how it was resolved, gets its topic
 * (given, or classified from the text like a chat request), and counts in the insights' requests
 * per week; importing again records nothing; bad input is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/modules/imports/index.ts';
import type { Insights } from '../../src/modules/insights/index.ts';
import type { SupportRequest } from '../../src/modules/support/index.ts';
import { callAsAdmin, type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(await stateTargets())('POST /api/v1/imports/support-requests on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  const N = Math.floor(Date.now() / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const from = iso(N - 21 * DAY);
  const to = iso(N);

  const api = <T>(method: 'GET' | 'POST', url: string, payload?: unknown) =>
    callAsAdmin<T>(cairn, method, url, payload);
  const history = () => ({
    source: 'jira-service-desk',
    items: [
      {
        externalId: 'HELP-1',
        asker: 'grace',
        channel: 'town-square',
        text: 'how do I roll back payment after a bad deploy?',
        askedAt: iso(N - 20 * DAY),
        resolvedAt: iso(N - 20 * DAY + HOUR),
        resolution: 'self-service',
      },
      {
        externalId: 'HELP-2',
        asker: 'ada',
        text: 'orders, please',
        topic: 'access',
        askedAt: iso(N - 19 * DAY),
        resolvedAt: iso(N - 18 * DAY),
        resolvedBy: 'pat',
        resolution: 'platform-team',
      },
      {
        externalId: 'HELP-3',
        asker: 'linus',
        text: 'where are the logs of checkout?',
        askedAt: iso(N - 12 * DAY),
      },
      {
        externalId: 'HELP-4',
        asker: 'ken',
        text: 'can I create a new service from the template?',
        askedAt: iso(N - 5 * DAY),
        resolvedAt: iso(N - 5 * DAY + 2 * HOUR),
        resolution: 'self-service',
      },
      { externalId: 'HELP-5', asker: 'ken', text: 'coffee machine broken', askedAt: iso(N - 2 * DAY) },
    ],
  });

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess(state.url ? { stateUrl: state.url } : {});
  }, 60_000);
  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('records each with its own times, resolution and topic', async () => {
    const imported = await api<ImportResult>('POST', '/api/v1/imports/support-requests', history());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ kind: 'support-request', imported: 5, already: 0 });
    const { body } = await api<{ items: SupportRequest[] }>(
      'GET',
      `/api/v1/support/requests?from=${from}&to=${to}`,
    );
    expect(
      body.items.map((r) => [
        r.text,
        r.topic,
        r.createdAt,
        r.resolvedAt,
        r.resolvedBy,
        r.resolution,
        r.channel,
      ]),
    ).toEqual([
      ['coffee machine broken', 'other', iso(N - 2 * DAY), null, null, null, null],
      [
        'can I create a new service from the template?',
        'onboarding',
        iso(N - 5 * DAY),
        iso(N - 5 * DAY + 2 * HOUR),
        'ken',
        'self-service',
        null,
      ],
      ['where are the logs of checkout?', 'observability', iso(N - 12 * DAY), null, null, null, null],
      ['orders, please', 'access', iso(N - 19 * DAY), iso(N - 18 * DAY), 'pat', 'platform-team', null],
      [
        'how do I roll back payment after a bad deploy?',
        'deploy',
        iso(N - 20 * DAY),
        iso(N - 20 * DAY + HOUR),
        'grace',
        'self-service',
        'town-square',
      ],
    ]);
    expect(body.items.map((r) => [r.source, r.suggestions.length])).toEqual(
      body.items.map(() => ['import', 0]),
    );
  });

  it('counts them in the insights per week by topic, and the share solved without the platform team', async () => {
    const { body } = await api<Insights>('GET', `/api/v1/insights?from=${from}&to=${to}`);
    expect(body.supportRequests.total).toBe(5);
    expect(body.supportRequests.selfServiceResolved).toBe(2);
    expect(body.supportRequests.selfServicePercent).toBe(40);
    expect(body.supportRequests.perWeek).toEqual([
      { start: iso(N - 21 * DAY), requests: 2, byTopic: { deploy: 1, access: 1 } },
      { start: iso(N - 14 * DAY), requests: 1, byTopic: { observability: 1 } },
      { start: iso(N - 7 * DAY), requests: 2, byTopic: { onboarding: 1, other: 1 } },
    ]);
  });

  it('records nothing new when imported again', async () => {
    const again = await api<ImportResult>('POST', '/api/v1/imports/support-requests', history());
    expect(again.status).toBe(200);
    expect([again.body.imported, again.body.already]).toEqual([0, 5]);
    const { body } = await api<Insights>('GET', `/api/v1/insights?from=${from}&to=${to}`);
    expect(body.supportRequests.total).toBe(5);
  });

  it.each([
    [{ resolution: 'self-service' }, 'body.items.0.resolvedAt: required with resolution'],
    [{ resolvedAt: iso(N - DAY) }, 'body.items.0.resolution: required with resolvedAt'],
    [
      { resolvedAt: iso(N - 4 * DAY), resolution: 'self-service' },
      `body.items.0.resolvedAt: ${iso(N - 4 * DAY)} is before askedAt ${iso(N - 3 * DAY)}`,
    ],
    [{ askedAt: iso(Date.now() + HOUR) }, /^body\.items\.0\.askedAt: .+ is in the future/],
    [
      { topic: 'coffee' },
      'body.items.0.topic: "coffee" is not a configured topic (deploy, access, incident, database, onboarding, observability, other)',
    ],
    [{ resolution: 'magic', resolvedAt: iso(N - DAY) }, /^body\.items\.0\.resolution: /],
    [{ text: '' }, 'body.items.0.text: must not be empty'],
  ])('refuses %j with 400 naming the field', async (overrides, message) => {
    const response = await api<{ error: { message: string } }>('POST', '/api/v1/imports/support-requests', {
      source: 'jira-service-desk',
      items: [{ externalId: 'X-1', asker: 'zed', text: 'help', askedAt: iso(N - 3 * DAY), ...overrides }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });
});
