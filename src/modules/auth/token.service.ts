import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { isScope, type Scope } from '../../kernel/scopes.ts';
import type { AuditService } from '../audit/index.ts';
import type { CreateToken, Principal, Token } from './contract.ts';
import type { TokenRow, TokenStore } from './token.store.ts';
import { BOOTSTRAP_TOKEN_ID, generateToken, hashToken, tokenIdOf, tokenMatchesHash } from './token-secret.ts';

export interface TokenServiceDeps {
  store: TokenStore;
  audit: AuditService;
  clock: Clock;
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
export function createTokenService({ store, audit, clock }: TokenServiceDeps) {
  const presentToken = (row: TokenRow): Token => ({
    id: row.id,
    name: row.name,
    scope: isScope(row.scope) ? row.scope : 'ingest',
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  });

  return {
    async authenticate(secret: string): Promise<Principal | null> {
      const row = await store.findById(tokenIdOf(secret));
      if (!row || row.revoked_at !== null || !tokenMatchesHash(secret, row.secret_hash)) return null;
      const now = clock.now();
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
        await store.touch(row.id, now.toISOString());
      }
      return { tokenId: row.id, name: row.name, scope: presentToken(row).scope };
    },

    async create(input: CreateToken, actor: string): Promise<{ token: Token; secret: string }> {
      const { id, secret } = generateToken();
      const row: TokenRow = {
        id,
        name: input.name,
        scope: input.scope,
        secret_hash: hashToken(secret),
        created_at: clock.now().toISOString(),
        created_by: actor,
        last_used_at: null,
        revoked_at: null,
      };
      await store.insert(row);
      await audit.record(actor, 'token.create', `token:${id}`, { name: input.name, scope: input.scope });
      return { token: presentToken(row), secret };
    },

    async list(): Promise<Token[]> {
      return (await store.list()).map(presentToken);
    },

    async revoke(id: string, actor: string): Promise<void> {
      const existing = await store.findById(id);
      if (!existing) throw new NotFoundError(`token "${id}" does not exist`);
      if (await store.revoke(id, clock.now().toISOString())) {
        await audit.record(actor, 'token.revoke', `token:${id}`, { name: existing.name });
      }
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
