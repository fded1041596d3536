import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

/** `cairn whoami` and `cairn can` against a real `cairn up` with the example shop's catalog. */
describe('cairn whoami and cairn can', () => {
  let cairn: CairnProcess;
  let readToken: string;
  let readTokenId: string;
  beforeAll(async () => {
    cairn = await startCairn({ args: ['--config', 'examples/cairn.yaml'] });
    const created = await fetch(`${cairn.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cairn.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dashboards', scope: 'read' }),
    });
    const answer = (await created.json()) as { secret: string; token: { id: string } };
    readToken = answer.secret;
    readTokenId = answer.token.id;
  }, 60_000);
  afterAll(async () => {
    await cairn?.stop();
  });

  it('says who the token stands for', async () => {
    const result = await runCairn(['whoami'], { CAIRN_URL: cairn.url, CAIRN_TOKEN: readToken });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      `dashboards (token, token:${readTokenId}): role viewer, no team, scope read\n`,
    );
  });

  it('answers yes with exit 0 when the permission function allows, no with the reason and exit 3 when not', async () => {
    const admin = await runCairn(['can', 'operate', '--service', 'payment'], {
      CAIRN_URL: cairn.url,
      CAIRN_TOKEN: cairn.adminToken,
    });
    expect(admin).toEqual({
      code: 0,
      stdout: 'yes: operate on payment (owned by team-orders) is allowed\n',
      stderr: '',
    });
    const reader = await runCairn(['can', 'operate', '--service', 'payment'], {
      CAIRN_URL: cairn.url,
      CAIRN_TOKEN: readToken,
    });
    expect(reader).toEqual({
      code: 3,
      stdout:
        'no: operate on payment (owned by team-orders) is refused: ' +
        'operate needs a token with the operate scope; token "dashboards" has read\n',
      stderr: '',
    });
    const unknownVerb = await runCairn(['can', 'fly'], { CAIRN_URL: cairn.url, CAIRN_TOKEN: readToken });
    expect(unknownVerb.code).toBe(1);
  }, 30_000);
});
