import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateDialects } from '../../../test/support/state-dialects.ts';
import { fixedClock } from '../../kernel/clock.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { createTokenService } from './token.service.ts';
import { createTokenStore } from './token.store.ts';

const NOW = new Date('2026-11-25T10:00:00.000Z');

describe.each(await stateDialects())('token service on $dialect', (fixture) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
  });

  async function setup() {
    const store = await fixture.open();
    dispose = store.dispose;
    const clock = fixedClock(NOW);
    const userName = async (id: string) => (id === 'u-grace' ? 'Grace Hopper' : null);
    return { tokens: createTokenService({ store: createTokenStore(store.db), userName, clock }), store };
  }

  it('creates a token whose secret authenticates with its scope, and stores only a hash', async () => {
    const { tokens, store } = await setup();
    const { token, secret } = await tokens.create(
      { name: 'ci', scope: 'operate' },
      { ownerUserId: null, teams: null },
      'tester',
    );
    expect(secret).toMatch(/^cairn_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: secret.slice(6, 22),
      name: 'ci',
      scope: 'operate',
      ownerUserId: null,
      owner: null,
      teams: null,
      createdAt: NOW.toISOString(),
      createdBy: 'tester',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await tokens.authenticate(secret)).toEqual({
      via: 'token',
      actorId: `token:${token.id}`,
      name: 'ci',
      scope: 'operate',
      tokenId: token.id,
      userId: null,
      teamLimit: null,
      session: null,
    });
    const rows = await store.db.selectFrom('api_tokens').select(['secret_hash']).execute();
    expect(rows.map((row) => row.secret_hash)).not.toContain(secret);
    expect((await tokens.list())[0]?.lastUsedAt).toBe(NOW.toISOString());
  });

  it('names the owner of a token acting for a person, and keeps its team limit', async () => {
    const { tokens } = await setup();
    const { token, secret } = await tokens.create(
      { name: 'laptop', scope: 'operate' },
      { ownerUserId: 'u-grace', teams: ['team-orders'] },
      'Grace Hopper',
    );
    expect(token).toMatchObject({ ownerUserId: 'u-grace', owner: 'Grace Hopper', teams: ['team-orders'] });
    expect(await tokens.authenticate(secret)).toMatchObject({
      name: 'laptop (token of Grace Hopper)',
      userId: 'u-grace',
      actorId: `token:${token.id}`,
    });
    expect((await tokens.list('u-grace')).map((mine) => mine.id)).toEqual([token.id]);
    expect(await tokens.list('u-ada')).toEqual([]);
  });

  it('rejects a wrong secret for a real id, an unknown token and a revoked token', async () => {
    const { tokens } = await setup();
    const { token, secret } = await tokens.create(
      { name: 'ci', scope: 'read' },
      { ownerUserId: null, teams: null },
      'tester',
    );
    const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await tokens.authenticate(tampered)).toBeNull();
    expect(
      await tokens.authenticate('cairn_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).toBeNull();
    expect(await tokens.revoke(token.id)).toBe(true);
    expect(await tokens.revoke(token.id)).toBe(false);
    expect(await tokens.authenticate(secret)).toBeNull();
    expect((await tokens.list())[0]?.revokedAt).toBe(NOW.toISOString());
    await expect(tokens.revoke('nope')).rejects.toThrow(new NotFoundError('token "nope" does not exist'));
  });

  it('uses CAIRN_ADMIN_TOKEN as the bootstrap admin token and follows it when it changes', async () => {
    const { tokens } = await setup();
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-boot-'));
    expect(await tokens.ensureBootstrapToken('first-admin-token-123456', dataDir)).toMatchObject({
      token: 'first-admin-token-123456',
      generated: false,
    });
    expect(await tokens.authenticate('first-admin-token-123456')).toMatchObject({
      tokenId: 'bootstrap',
      name: 'admin (bootstrap)',
      scope: 'admin',
      userId: null,
    });
    await tokens.ensureBootstrapToken('second-admin-token-123456', dataDir);
    expect(await tokens.authenticate('first-admin-token-123456')).toBeNull();
    expect((await tokens.authenticate('second-admin-token-123456'))?.scope).toBe('admin');
  });

  it('generates the bootstrap token once, saves it 0600, and reports it as generated only the first time', async () => {
    const { tokens } = await setup();
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-boot-'));
    const first = await tokens.ensureBootstrapToken(undefined, dataDir);
    expect(first.generated).toBe(true);
    expect(first.token).toMatch(/^cairn_bootstrap_/);
    const file = join(dataDir, 'admin-token');
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await tokens.ensureBootstrapToken(undefined, dataDir);
    expect(second).toEqual({ token: first.token, generated: false, file });
    expect((await tokens.authenticate(first.token ?? ''))?.scope).toBe('admin');
  });
});
