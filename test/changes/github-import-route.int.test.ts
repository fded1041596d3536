import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const repository = { full_name: 'acme-shop/cart', default_branch: 'main' };

describe('POST /api/v1/integrations/github/import', () => {
  let cairn: InProcessCairn;
  beforeAll(async () => {
    cairn = await startInProcess({ catalogDir: 'examples/catalog' });
  }, 60_000);
  afterAll(async () => {
    await cairn?.close();
  });
  const post = async (payload: unknown, token: string | null = cairn.adminToken) => {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/github/import',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: payload as Record<string, unknown>,
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  it('records nothing when one item is bad, and names it', async () => {
    const good = {
      event: 'push',
      id: 'x',
      payload: {
        ref: 'refs/heads/main',
        before: 'a'.repeat(40),
        after: 'b'.repeat(40),
        commits: [{ id: 'b'.repeat(40), timestamp: '2026-11-01T10:00:00Z' }],
        repository,
      },
    };
    const bad = { event: 'deployment_status', id: 'y', payload: { deployment_status: {}, repository } };
    const refused = await post({ items: [good, bad] });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^body\.items\.1\.payload\.deployment_status\.state: /),
      },
    });
    const pushes = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/changes?kind=push&from=2026-10-01T00:00:00Z',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(pushes.json()).toEqual({ items: [] });

    const recorded = await post({ items: [good, good] });
    expect(recorded.status).toBe(200);
    expect(
      (recorded.body.results as Array<{ outcome: string; change: { service: string } }>).map((r) => [
        r.outcome,
        r.change.service,
      ]),
    ).toEqual([
      ['recorded', 'cart'],
      ['duplicate', 'cart'],
    ]);
  });

  it('asks for a token and a known event', async () => {
    expect((await post({ items: [] }, null)).status).toBe(401);
    const unknown = await post({ items: [{ event: 'issues', id: 'z', payload: {} }] });
    expect(unknown.status).toBe(400);
    expect(String((unknown.body.error as { message: string }).message)).toMatch(
      /^body\.items\.0\.event: Invalid option/,
    );
  });
});
