import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const examples = new URL('../../examples/', import.meta.url).pathname;
let cairn: InProcessCairn;
const auth = () => ({ authorization: `Bearer ${cairn.adminToken}` });

beforeAll(async () => {
  cairn = await startInProcess({
    policyPaths: [`${examples}policies/scorecard-production-readiness.yaml`],
    catalogDir: `${examples}catalog`,
  });
  const refresh = await cairn.app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: auth() });
  expect(refresh.statusCode).toBe(200);
  // checkout deployed a week ago; no other service has a deploy on record.
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const change = await cairn.app.inject({
    method: 'POST',
    url: '/api/v1/changes',
    headers: auth(),
    payload: {
      service: 'checkout',
      kind: 'deploy',
      version: '1.4.2',
      environment: 'production',
      finishedAt: weekAgo,
    },
  });
  expect(change.statusCode).toBe(201);
});
afterAll(async () => {
  await cairn?.close();
});

async function overview() {
  const response = await cairn.app.inject({ method: 'GET', url: '/api/v1/scorecards', headers: auth() });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('GET /api/v1/scorecards', () => {
  it('gives the example services their levels: a recent deploy makes gold', async () => {
    const body = await overview();
    const level = (service: string) =>
      body.services.find((s: { service: string }) => s.service === service)?.level;
    expect(level('checkout')).toBe('gold');
    expect(level('cart')).toBe('silver');
    const cart = body.services.find((s: { service: string }) => s.service === 'cart');
    expect(cart.rules.filter((r: { passed: boolean }) => !r.passed)).toEqual([
      {
        name: 'recent-deploy',
        level: 'gold',
        passed: false,
        message: 'Deploy at least once every 30 days so the pipeline stays proven.',
      },
    ]);
  });

  it('groups levels per team and records the day for the trend', async () => {
    const body = await overview();
    const services = body.services.length;
    expect(services).toBeGreaterThanOrEqual(10);
    const teamTotal = body.teams.reduce((sum: number, t: { services: number }) => sum + t.services, 0);
    expect(teamTotal).toBe(services);
    const checkoutTeam = body.services.find((s: { service: string }) => s.service === 'checkout').team;
    const team = body.teams.find((t: { team: string }) => t.team === checkoutTeam);
    expect(team.levels.gold).toBeGreaterThanOrEqual(1);
    const today = new Date().toISOString().slice(0, 10);
    // Two reads today leave one recorded day, not two.
    expect(body.trend).toEqual([
      {
        scorecard: 'production-readiness',
        day: today,
        levels: {
          none: body.services.filter((s: { level: string | null }) => s.level === null).length,
          bronze: body.services.filter((s: { level: string | null }) => s.level === 'bronze').length,
          silver: body.services.filter((s: { level: string | null }) => s.level === 'silver').length,
          gold: body.services.filter((s: { level: string | null }) => s.level === 'gold').length,
        },
      },
    ]);
  });
});
