import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderContext } from 'oidc-provider';

/** Someone who can sign in at the loopback provider. */
export interface ProviderPerson {
  login: string;
  password: string;
  name: string;
  email: string;
  /** Sent in the `groups` claim. */
  groups: string[];
}

export interface LoopbackProviderOptions {
  people: ProviderPerson[];
  clientId: string;
  clientSecret: string;
  /** Where the provider may send the browser back (Cairn's `/auth/oidc/callback`). */
  redirectUris: string[];
  host?: string;
  port?: number;
}

export interface LoopbackProvider {
  issuer: string;
  close(): Promise<void>;
}

const SCOPES = ['openid', 'email', 'profile', 'groups'];

/**
 * oidc-provider's storage interface, in memory: the provider lives as long as the process that
 * started it (a test, or `cairn demo`), so nothing it stores needs to outlive it.
 */
class MemoryAdapter {
  private static readonly rows = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  private readonly model: string;
  constructor(model: string) {
    this.model = model;
  }
  private key(id: string): string {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresInSeconds: number): Promise<void> {
    MemoryAdapter.rows.set(this.key(id), { payload, expiresAt: Date.now() + expiresInSeconds * 1000 });
    if (typeof payload.uid === 'string')
      MemoryAdapter.rows.set(this.key(`uid:${payload.uid}`), {
        payload,
        expiresAt: Date.now() + expiresInSeconds * 1000,
      });
    if (typeof payload.userCode === 'string')
      MemoryAdapter.rows.set(this.key(`userCode:${payload.userCode}`), {
        payload,
        expiresAt: Date.now() + expiresInSeconds * 1000,
      });
  }
  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const row = MemoryAdapter.rows.get(this.key(id));
    return row && row.expiresAt > Date.now() ? row.payload : undefined;
  }
  findByUid(uid: string) {
    return this.find(`uid:${uid}`);
  }
  findByUserCode(userCode: string) {
    return this.find(`userCode:${userCode}`);
  }
  async consume(id: string): Promise<void> {
    const row = MemoryAdapter.rows.get(this.key(id));
    if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    MemoryAdapter.rows.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, row] of MemoryAdapter.rows)
      if (row.payload.grantId === grantId) MemoryAdapter.rows.delete(key);
  }
}

/**
 * A real OpenID Provider (`oidc-provider`, certified) on loopback with a small sign-in form and a
 * fixed list of people: what `cairn demo` offers newcomers and what the identity tests sign in to.
 * Consent is implied (Cairn is its only client), so the form is the only step.
 */
export async function startLoopbackProvider(options: LoopbackProviderOptions): Promise<LoopbackProvider> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo; // listening on TCP, so an AddressInfo
  const issuer = `http://${host}:${port}`;
  const byLogin = new Map(options.people.map((person) => [person.login, person]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'loopback', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: SCOPES,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    features: { devInteractions: { enabled: false } },
    adapter: MemoryAdapter,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    findAccount: (_ctx: unknown, id: string) => {
      const person = byLogin.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: person.email,
          email_verified: true,
          name: person.name,
          preferred_username: person.login,
          groups: person.groups,
        }),
      };
    },
    loadExistingGrant: async (ctx: ProviderContext) => {
      const { client, session, result, provider: self } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) return self.Grant.find(existing);
      const grant = new self.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES.join(' '));
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'preferred_username', 'groups']);
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url?.split('?')[0] ?? '');
    if (!match) {
      callback(req, res);
      return;
    }
    handleInteraction(provider, byLogin, req, res).catch((error: unknown) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleInteraction(
  provider: Provider,
  people: Map<string, ProviderPerson>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') ?? '';
    const person = people.get(login);
    if (!person || person.password !== form.get('password')) {
      sendForm(res, details.uid, [...people.values()], 'Unknown user or wrong password.');
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  sendForm(res, details.uid, [...people.values()], null);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendForm(res: ServerResponse, uid: string, people: ProviderPerson[], error: string | null): void {
  const rows = people
    .map(
      (person) =>
        `<li><code>${escapeHtml(person.login)}</code> / <code>${escapeHtml(person.password)}</code>: ${escapeHtml(person.name)} (${escapeHtml(person.groups.join(', ') || 'no groups')})</li>`,
    )
    .join('');
  res.statusCode = error ? 401 : 200;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Demo identity provider</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{font:inherit;padding:.4rem;width:100%}button{font:inherit;margin-top:1rem;padding:.5rem 1.5rem}.error{color:#b00020}</style></head>
<body><h1>Demo identity provider</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="login">Username</label><input id="login" name="login" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button></form>
<p>People you can be:</p><ul>${rows}</ul></body></html>`);
}
