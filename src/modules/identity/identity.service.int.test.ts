import { afterEach, describe, expect, it } from 'vitest';
import { stateDialects } from '../../../test/support/state-dialects.ts';
import { createTokenService, createTokenStore } from '../auth/index.ts';
import { createIdentityService } from './identity.service.ts';
import { createIdentityStore } from './identity.store.ts';

const TTL_MINUTES = 30;

describe.each(await stateDialects())('sessions on $dialect', (fixture) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
  });

  async function setup() {
    const store = await fixture.open();
    dispose = store.dispose;
    // Relative to now, never a calendar date; moved forward by the test.
    let nowMs = Date.now();
    const clock = { now: () => new Date(nowMs) };
    const identityStore = createIdentityStore(store.db);
    const tokens = createTokenService({
      store: createTokenStore(store.db),
      userName: async () => null,
      clock,
    });
    const identity = createIdentityService({
      store: identityStore,
      tokens,
      catalog: {
        listPeople: async () => [
          {
            name: 'grace',
            displayName: 'Grace Hopper',
            email: 'grace@acme-shop.example',
            teams: ['team-orders'],
          },
        ],
        serviceOwnership: async (name) => ({
          name,
          owner: name === 'payment' ? 'team-orders' : 'team-storefront',
        }),
      },
      incidentServices: async () => null,
      mappings: { defaultRole: 'member', roleMappings: { ops: 'platform' }, teamMappings: {} },
      sessionTtlMinutes: TTL_MINUTES,
      clock,
    });
    return { identity, advance: (ms: number) => (nowMs += ms) };
  }

  it('ends a session after its time, and at sign-out', async () => {
    const { identity, advance } = await setup();
    const user = await identity.recordSignIn('https://idp.example', {
      subject: 's-1',
      email: 'grace@acme-shop.example',
      name: 'G.',
      username: null,
      groups: [],
    });
    expect(user).toMatchObject({ name: 'Grace Hopper', catalog_user: 'grace' });
    const session = await identity.startSession({ userId: user.id }, { ip: '127.0.0.1', userAgent: 'test' });
    const principal = await identity.sessionPrincipal(session.secret);
    expect(principal).toMatchObject({
      via: 'session',
      name: 'Grace Hopper',
      scope: 'operate',
      userId: user.id,
    });
    expect(await identity.actorFor(principal ?? fail())).toMatchObject({
      role: 'member',
      teams: ['team-orders'],
    });

    advance(TTL_MINUTES * 60_000 - 1000);
    expect(await identity.sessionPrincipal(session.secret)).not.toBeNull();
    advance(2000);
    expect(await identity.sessionPrincipal(session.secret)).toBeNull();

    const second = await identity.startSession({ userId: user.id }, { ip: null, userAgent: null });
    expect(await identity.endSession(second.id)).toBe(true);
    expect(await identity.sessionPrincipal(second.secret)).toBeNull();
    expect(await identity.sessionPrincipal('not-a-session')).toBeNull();
  });

  it('updates a returning person and maps their groups to a role', async () => {
    const { identity } = await setup();
    const first = await identity.recordSignIn('https://idp.example', {
      subject: 's-2',
      email: 'pat@acme-shop.example',
      name: 'Pat',
      username: 'pat',
      groups: [],
    });
    const again = await identity.recordSignIn('https://idp.example', {
      subject: 's-2',
      email: 'pat@acme-shop.example',
      name: 'Pat P.',
      username: 'pat',
      groups: ['ops'],
    });
    expect(again.id).toBe(first.id);
    const session = await identity.startSession({ userId: first.id }, { ip: null, userAgent: null });
    const principal = await identity.sessionPrincipal(session.secret);
    expect(principal?.name).toBe('Pat P.');
    const me = await identity.me(principal ?? fail());
    expect(me).toMatchObject({ role: 'platform', teams: [], can: { operateAnyService: { allowed: true } } });
  });
});

function fail(): never {
  throw new Error('expected a principal');
}
