/**
 * Sign-in through a real OpenID Provider (oidc-provider on loopback) into a real `cairn up`, and
 * what each person may then do: permissions follow the catalog owner, roles follow IdP groups,
 * the browser session is protected against CSRF, sign-out ends it, and the audit trail has it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asBrowser,
  type IdentityWorld,
  signIn,
  signInOverHttp,
  startIdentityWorld,
} from './identity-fixture.ts';

let world: IdentityWorld;
let url: string;

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const silenceOf = (service: string) => ({
  matchers: [{ name: 'service', value: service }],
  endsAt: inAnHour(),
  comment: `deploying ${service}`,
});

async function admin<T>(path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    headers: { authorization: `Bearer ${world.cairn.adminToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T; // the route's own schema
}

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message; // the one error shape
}

interface AuditItem {
  actor: string;
  actorId: string;
  action: string;
  outcome: string;
  service: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

beforeAll(async () => {
  world = await startIdentityWorld();
  url = world.cairn.url;
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('signing in through the OIDC provider', () => {
  it('lands a team-orders developer back in Cairn as a member of team-orders, matched to the catalog', async () => {
    const { response, cookie } = await signInOverHttp(url, 'grace', 'grace-pw');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/services');
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith('cairn_session='));
    expect(setCookie).toMatch(/; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
    const me = await fetch(`${url}/api/v1/me`, { headers: { cookie: `cairn_session=${cookie}` } });
    expect(await me.json()).toMatchObject({
      kind: 'person',
      name: 'Grace Hopper',
      email: 'grace@acme-shop.example',
      role: 'member',
      teams: ['team-orders'],
      scope: 'operate',
      tokenId: null,
      can: {
        operateAnyService: {
          allowed: false,
          reason:
            "Grace Hopper has the member role; this reaches every team's services, which only the platform and admin roles may operate",
        },
        audit: { allowed: false },
      },
    });
  });

  it('refuses a person whose email domain is not allowed, and says why', async () => {
    const { response, cookie } = await signInOverHttp(url, 'eve', 'eve-pw');
    expect(cookie).toBeNull();
    expect(response.status).toBe(302);
    expect(decodeURIComponent(response.headers.get('location') ?? '')).toBe(
      '/?signInError=eve@elsewhere.example may not sign in: only acme-shop.example addresses may',
    );
  });

  it('maps IdP groups to roles: platform-team operates any service, auditors only read', async () => {
    const pat = await signIn(url, 'pat');
    const patMe = await (await asBrowser(url, pat, '/api/v1/me')).json();
    expect(patMe).toMatchObject({
      role: 'platform',
      teams: [],
      can: { operateAnyService: { allowed: true } },
    });
    const adsSilence = await asBrowser(url, pat, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('ads'),
    });
    expect(adsSilence.status).toBe(201);

    const vic = await signIn(url, 'vic');
    expect(await (await asBrowser(url, vic, '/api/v1/me')).json()).toMatchObject({
      role: 'viewer',
      scope: 'read',
    });
    const refused = await asBrowser(url, vic, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('payment'),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: 'not_allowed',
        message: "POST /api/v1/silences needs the operate scope; Vic Viewer's role allows read",
      },
    });
  });
});

describe('permissions follow the catalog owner', () => {
  it('creates a silence on payment (team-orders) and refuses one on ads naming team-storefront', async () => {
    const grace = await signIn(url, 'grace');
    const created = await asBrowser(url, grace, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('payment'),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ createdBy: 'Grace Hopper', active: true });

    const refused = await asBrowser(url, grace, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('ads'),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: 'not_allowed',
        message: 'ads is owned by team-storefront; Grace Hopper may operate only the services of team-orders',
      },
    });

    const everything = await asBrowser(url, grace, '/api/v1/silences', {
      method: 'POST',
      body: { matchers: [{ name: 'severity', value: 'warning' }], endsAt: inAnHour() },
    });
    expect(everything.status).toBe(403);

    const answer = await asBrowser(url, grace, '/api/v1/permissions?verb=operate&service=ads');
    expect(await answer.json()).toEqual({
      items: [
        {
          verb: 'operate',
          service: 'ads',
          incident: null,
          owner: 'team-storefront',
          allowed: false,
          reason:
            'ads is owned by team-storefront; Grace Hopper may operate only the services of team-orders',
        },
      ],
    });

    const { items } = await admin<{ items: AuditItem[] }>('/api/v1/audit?actor=grace');
    const mine = items.filter((item) => item.actor === 'Grace Hopper');
    expect(mine.map((item) => [item.action, item.outcome, item.service])).toEqual(
      expect.arrayContaining([
        ['session.sign-in', 'succeeded', null],
        ['silence.create', 'succeeded', 'payment'],
        ['silence.create', 'refused', 'ads'],
        ['silence.create', 'refused', null],
      ]),
    );
    const refusal = mine.find((item) => item.service === 'ads');
    expect(refusal?.details.error).toBe(
      'ads is owned by team-storefront; Grace Hopper may operate only the services of team-orders',
    );
    expect(refusal?.actorId).toMatch(/^user:/);

    const byService = await admin<{ items: AuditItem[] }>('/api/v1/audit?service=ads&outcome=refused');
    expect(byService.items.map((item) => item.actor)).toEqual(['Grace Hopper']);

    const csv = await fetch(`${url}/api/v1/audit/export.csv?service=ads&outcome=refused`, {
      headers: { authorization: `Bearer ${world.cairn.adminToken}` },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,actor,actorId,action,target,service,outcome,ip,userAgent,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',Grace Hopper,user:');
    expect(lines[1]).toContain(',silence.create,silence,ads,refused,');
  });

  it('keeps the audit trail to the platform and admin roles', async () => {
    const grace = await signIn(url, 'grace');
    const refused = await asBrowser(url, grace, '/api/v1/audit');
    expect(refused.status).toBe(403);
    expect(await errorMessage(refused)).toBe(
      'Grace Hopper has the member role; only the platform and admin roles may read the audit trail',
    );
    const pat = await signIn(url, 'pat');
    expect((await asBrowser(url, pat, '/api/v1/audit?action=session.')).status).toBe(200);
  });
});

describe('the browser session', () => {
  it('refuses a state change without the CSRF token, or from another origin', async () => {
    const grace = await signIn(url, 'grace');
    const noToken = await asBrowser(url, grace, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('payment'),
      csrf: null,
    });
    expect(noToken.status).toBe(403);
    expect(await errorMessage(noToken)).toBe(
      'CSRF check failed: the X-CSRF-Token header is missing or does not match this session; reload the page',
    );
    const crossSite = await asBrowser(url, grace, '/api/v1/silences', {
      method: 'POST',
      body: silenceOf('payment'),
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect(await errorMessage(crossSite)).toMatch(
      /^CSRF check failed: a request from https:\/\/evil\.example may not change anything in Cairn/,
    );
    // Reading needs no CSRF token.
    expect((await asBrowser(url, grace, '/api/v1/silences', { csrf: null })).status).toBe(200);

    // Both refusals are in the audit trail, against the person whose session was used.
    const { items } = await admin<{ items: AuditItem[] }>(
      `/api/v1/audit?action=${encodeURIComponent('POST /api/v1/silences')}&outcome=refused`,
    );
    expect(
      items
        .filter((item) => item.actor === 'Grace Hopper')
        .slice(0, 2)
        .map((item) => [item.actorId.startsWith('user:'), item.details.step, item.details.error]),
    ).toEqual([
      [
        true,
        'authentication',
        expect.stringMatching(/^CSRF check failed: a request from https:\/\/evil\.example/),
      ],
      [
        true,
        'authentication',
        'CSRF check failed: the X-CSRF-Token header is missing or does not match this session; reload the page',
      ],
    ]);
  });

  it('ends on sign-out: the cookie no longer works and the sign-out is audited', async () => {
    const ada = await signIn(url, 'ada');
    const out = await asBrowser(url, ada, '/api/v1/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(
      /^cairn_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const after = await asBrowser(url, ada, '/api/v1/me');
    expect(after.status).toBe(401);
    expect(await errorMessage(after)).toBe('Your session has expired or ended; sign in again');
    const { items } = await admin<{ items: AuditItem[] }>('/api/v1/audit?action=session.sign-out');
    expect(items.map((item) => item.actor)).toContain('Ada Lovelace');
  });

  it('exchanges the bootstrap token for a session (/login?token=), same origin only', async () => {
    const crossSite = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ token: world.cairn.adminToken }),
    });
    expect(crossSite.status).toBe(403);
    const exchanged = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ token: world.cairn.adminToken }),
    });
    expect(exchanged.status).toBe(201);
    const cookie = exchanged.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const me = await fetch(`${url}/api/v1/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ kind: 'token', name: 'admin (bootstrap)', role: 'admin' });
    const wrong = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ token: 'not-a-token' }),
    });
    expect(wrong.status).toBe(401);
  });
});
