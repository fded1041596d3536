import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { isScope, type Scope } from '../../kernel/scopes.ts';
import type { CreateToken, Principal, Token } from './contract.ts';
import type { TokenRow, TokenStore } from './token.store.ts';
import { BOOTSTRAP_TOKEN_ID, generateToken, hashToken, tokenIdOf, tokenMatchesHash } from './token-secret.ts';

export interface TokenServiceDeps {
  store: TokenStore;
  /** The name of a token's owner (a person signed in through OIDC), for lists and the audit trail. */
  userName: (userId: string) => Promise<string | null>;
  clock: Clock;
}

/** Who a new token is for: a person (their user id), or a named service account (null). */
export interface TokenOwnership {
  ownerUserId: string | null;
  teams: string[] | null;
}

/** Writes of `last_used_at` are spaced out so that authenticating is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface BootstrapResult {
  /** The admin token itself, when known to this process (from the environment or the file). */
  token: string | undefined;
  /** True when this start generated the token: it must be shown to the operator once. */
  generated: boolean;
  /** Where a generated token was saved. */
  file: string;
}

/** API tokens: creation, lookup by bearer secret, revocation, and the bootstrap admin token. */
export function createTokenService({ store, userName, clock }: TokenServiceDeps) {
  const presentToken = async (row: TokenRow): Promise<Token> => ({
    id: row.id,
    name: row.name,
    scope: isScope(row.scope) ? row.scope : 'ingest',
    ownerUserId: row.owner_user_id,
    owner: row.owner_user_id ? await userName(row.owner_user_id) : null,
    teams: teamsOf(row),
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  });

  /** A token acting for a person says so, so the audit trail shows both. */
  const principalOf = async (row: TokenRow): Promise<Principal> => {
    const owner = row.owner_user_id ? await userName(row.owner_user_id) : null;
    return {
      via: 'token',
      actorId: `token:${row.id}`,
      name: owner ? `${row.name} (token of ${owner})` : row.name,
      scope: isScope(row.scope) ? row.scope : 'ingest',
      tokenId: row.id,
      userId: row.owner_user_id,
      teamLimit: teamsOf(row),
      session: null,
    };
  };

  return {
    async authenticate(secret: string): Promise<Principal | null> {
      const row = await store.findById(tokenIdOf(secret));
      if (!row || row.revoked_at !== null || !tokenMatchesHash(secret, row.secret_hash)) return null;
      const now = clock.now();
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
        await store.touch(row.id, now.toISOString());
      }
      return principalOf(row);
    },

    /** The principal of a token by id (a session exchanged from a token acts as the token). */
    async principalById(id: string): Promise<Principal | null> {
      const row = await store.findById(id);
      return row && row.revoked_at === null ? principalOf(row) : null;
    },

    /** Creates a token; who may create which token is decided before (see identity's `can`). */
    async create(
      input: Pick<CreateToken, 'name' | 'scope'>,
      ownership: TokenOwnership,
      createdBy: string,
    ): Promise<{ token: Token; secret: string }> {
      const { id, secret } = generateToken();
      const row: TokenRow = {
        id,
        name: input.name,
        scope: input.scope,
        secret_hash: hashToken(secret),
        created_at: clock.now().toISOString(),
        created_by: createdBy,
        last_used_at: null,
        revoked_at: null,
        owner_user_id: ownership.ownerUserId,
        teams: ownership.teams === null ? null : JSON.stringify(ownership.teams),
      };
      await store.insert(row);
      return { token: await presentToken(row), secret };
    },

    /** Every token, or those of one person. */
    async list(ownerUserId?: string): Promise<Token[]> {
      const rows = await store.list();
      const mine = ownerUserId === undefined ? rows : rows.filter((row) => row.owner_user_id === ownerUserId);
      return Promise.all(mine.map(presentToken));
    },

    async get(id: string): Promise<Token> {
      const row = await store.findById(id);
      if (!row) throw new NotFoundError(`token "${id}" does not exist`);
      return presentToken(row);
    },

    /** Revokes a token; true when this call revoked it (false: it already was). */
    async revoke(id: string): Promise<boolean> {
      const existing = await store.findById(id);
      if (!existing) throw new NotFoundError(`token "${id}" does not exist`);
      return store.revoke(id, clock.now().toISOString());
    },

    /**
     * Makes sure an admin token exists. CAIRN_ADMIN_TOKEN wins and replaces the stored one; else a
     * token is generated on first start and written 0600 to `<dataDir>/admin-token`.
     */
    async ensureBootstrapToken(adminToken: string | undefined, dataDir: string): Promise<BootstrapResult> {
      const file = join(dataDir, ADMIN_TOKEN_FILE);
      const row = (secret: string): TokenRow => ({
        id: BOOTSTRAP_TOKEN_ID,
        name: 'admin (bootstrap)',
        scope: 'admin' satisfies Scope,
        secret_hash: hashToken(secret),
        created_at: clock.now().toISOString(),
        created_by: null,
        last_used_at: null,
        revoked_at: null,
        owner_user_id: null,
        teams: null,
      });
      if (adminToken) {
        await store.upsertBootstrap(row(adminToken));
        return { token: adminToken, generated: false, file };
      }
      if (await store.findById(BOOTSTRAP_TOKEN_ID)) {
        const saved = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
        return { token: saved, generated: false, file };
      }
      const { secret } = generateToken(BOOTSTRAP_TOKEN_ID);
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      await store.insert(row(secret));
      return { token: secret, generated: true, file };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;

function teamsOf(row: TokenRow): string[] | null {
  if (row.teams === null) return null;
  // Written by create() as JSON.stringify of a string array.
  return JSON.parse(row.teams) as string[];
}
