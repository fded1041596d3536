/**
 * A real OpenID Provider on loopback (the same one `cairn demo` runs) and a real `cairn up` signed
 * into it, with the example shop's catalog: team-orders owns cart, checkout, payment and currency;
 * team-storefront owns ads, frontend, productcatalog and recommendation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LoopbackProvider,
  type ProviderPerson,
  startLoopbackProvider,
} from '../../src/demo/identity/loopback-identity-provider.ts';
import { type CairnProcess, startCairn } from '../support/start-cairn.ts';

export const EXAMPLE_CATALOG = fileURLToPath(new URL('../../examples/catalog', import.meta.url));

/** grace and ada are in the example catalog; pat and vic only at the provider. */
export const PEOPLE: ProviderPerson[] = [
  {
    login: 'grace',
    password: 'grace-pw',
    name: 'Grace H.',
    email: 'grace@acme-shop.example',
    groups: ['developers'],
  },
  {
    login: 'ada',
    password: 'ada-pw',
    name: 'Ada L.',
    email: 'ada@acme-shop.example',
    groups: ['developers'],
  },
  {
    login: 'pat',
    password: 'pat-pw',
    name: 'Pat Platform',
    email: 'pat@acme-shop.example',
    groups: ['platform-team'],
  },
  {
    login: 'vic',
    password: 'vic-pw',
    name: 'Vic Viewer',
    email: 'vic@acme-shop.example',
    groups: ['auditors'],
  },
  { login: 'eve', password: 'eve-pw', name: 'Eve', email: 'eve@elsewhere.example', groups: [] },
];

export interface IdentityWorld {
  cairn: CairnProcess;
  provider: LoopbackProvider;
  close(): Promise<void>;
}

/** A free TCP port: the provider must know Cairn's callback URL before Cairn starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export async function startIdentityWorld(extraAuth = ''): Promise<IdentityWorld> {
  const port = await freePort();
  const provider = await startLoopbackProvider({
    people: PEOPLE,
    clientId: 'cairn',
    clientSecret: 'loopback-client-secret',
    redirectUris: [`http://localhost:${port}/auth/oidc/callback`],
  });
  const dir = mkdtempSync(join(tmpdir(), 'cairn-identity-'));
  const config = join(dir, 'cairn.yaml');
  writeFileSync(
    config,
    `catalog:
  sources:
    - type: dir
      path: ${EXAMPLE_CATALOG}
auth:
${extraAuth}  oidc:
    issuer: ${provider.issuer}
    clientId: cairn
    clientSecret: \${TEST_OIDC_CLIENT_SECRET}
    allowedEmailDomains: [acme-shop.example]
    roleMappings:
      platform-team: platform
      auditors: viewer
`,
  );
  const cairn = await startCairn({
    args: ['--port', String(port), '--config', config],
    env: { TEST_OIDC_CLIENT_SECRET: 'loopback-client-secret' },
  }).catch(async (error: unknown) => {
    await provider.close();
    throw error;
  });
  return {
    cairn,
    provider,
    close: async () => {
      await cairn.stop();
      await provider.close();
    },
  };
}

/** A browser's session with Cairn, as far as the API is concerned. */
export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/**
 * Signs in the way a browser does, with plain HTTP: Cairn's /auth/oidc/login, the provider's
 * authorization endpoint and sign-in form, and back to Cairn's callback; cookies kept per host.
 * Returns Cairn's response to the callback.
 */
export async function signInOverHttp(
  cairnUrl: string,
  login: string,
  password: string,
): Promise<{ response: Response; cookie: string | null }> {
  const jar = new Map<string, Map<string, string>>();
  const remember = (url: URL, response: Response) => {
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    jar.set(url.host, cookies);
  };
  const cookieHeader = (url: URL) =>
    [...(jar.get(url.host) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = new URL('/auth/oidc/login?returnTo=/services', cairnUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { cookie: cookieHeader(url), ...(init.headers ?? {}) },
    });
    remember(url, response);
    if (url.pathname === '/auth/oidc/callback') {
      return { response, cookie: jar.get(url.host)?.get('cairn_session') ?? null };
    }
    if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
      init = {
        method: 'POST',
        body: new URLSearchParams({ login, password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      continue;
    }
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`${url.href} answered ${response.status} without a redirect: ${await response.text()}`);
    url = new URL(location, url);
    init = {};
  }
  throw new Error('too many redirects while signing in');
}

/** Signs in and reads the session's CSRF token from /api/v1/me. */
export async function signIn(cairnUrl: string, login: string): Promise<SignedIn> {
  const person = PEOPLE.find((candidate) => candidate.login === login);
  if (!person) throw new Error(`no person ${login}`);
  const { cookie } = await signInOverHttp(cairnUrl, login, person.password);
  if (!cookie) throw new Error(`${login} did not get a session cookie`);
  const me = await fetch(`${cairnUrl}/api/v1/me`, { headers: { cookie: `cairn_session=${cookie}` } });
  const body = (await me.json()) as { session: { csrfToken: string } }; // /api/v1/me's schema
  return { cookie: `cairn_session=${cookie}`, csrfToken: body.session.csrfToken };
}

/** A request as the browser UI makes it: session cookie, CSRF header, same origin. */
export function asBrowser(
  cairnUrl: string,
  session: SignedIn,
  path: string,
  init: { method?: string; body?: unknown; csrf?: string | null; origin?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { cookie: session.cookie, origin: init.origin ?? cairnUrl };
  const csrf = init.csrf === undefined ? session.csrfToken : init.csrf;
  if (csrf !== null) headers['x-csrf-token'] = csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${cairnUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
