import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { NotAllowedError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Role } from '../../kernel/roles.ts';
import { lowerScope, type Scope } from '../../kernel/scopes.ts';
import type { Principal, TokenService } from '../auth/index.ts';
import type { CatalogPerson } from '../catalog/index.ts';
import type { Me } from './contract.ts';
import type { IdentityStore, UserRow } from './identity.store.ts';
import {
  type GroupMappings,
  matchCatalogPerson,
  roleFor,
  type SignInProfile,
  teamsFor,
} from './identity-resolution.ts';
import type { Actor, Decision, Resource, ServiceResource, Verb } from './permission-model.ts';
import { can, MAX_SCOPE_FOR_ROLE } from './permissions.ts';

export interface IdentityServiceDeps {
  store: IdentityStore;
  tokens: Pick<TokenService, 'principalById'>;
  catalog: {
    listPeople(): Promise<CatalogPerson[]>;
    serviceOwnership(name: string): Promise<{ name: string; owner: string | null } | null>;
  };
  /** The services an incident spans; null when there is no such incident. */
  incidentServices: (id: string) => Promise<string[] | null>;
  mappings: GroupMappings;
  sessionTtlMinutes: number;
  clock: Clock;
}

/** Where a request came from, kept with the session and in the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** A service account's rights follow its token's scope (it has no person behind it). */
const ROLE_OF_SERVICE_ACCOUNT: Record<Scope, Role> = {
  admin: 'admin',
  operate: 'platform',
  read: 'viewer',
  ingest: 'viewer',
};

/** The session cookie's value is a secret; the table keeps its SHA-256 only. */
export const hashSessionSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * People, sessions and permissions: who a request is (`actorFor`), what they may do (`decide`,
 * `authorize`, both through the one `can`), and the sessions browsers sign in with.
 */
export function createIdentityService(deps: IdentityServiceDeps) {
  const { store, clock, mappings } = deps;

  async function personOf(user: UserRow): Promise<{ role: Role; teams: string[] }> {
    // Stored at sign-in as JSON.stringify of a string array.
    const groups = JSON.parse(user.idp_groups) as string[];
    const people = user.catalog_user ? await deps.catalog.listPeople() : [];
    const catalogTeams = people.find((person) => person.name === user.catalog_user)?.teams ?? [];
    return { role: roleFor(groups, mappings), teams: teamsFor(catalogTeams, groups, mappings) };
  }

  async function actorFor(principal: Principal): Promise<Actor> {
    const tokenScope = principal.tokenId === null ? null : principal.scope;
    const user = principal.userId ? await store.findUser(principal.userId) : undefined;
    if (user) {
      const { role, teams } = await personOf(user);
      return {
        name: principal.name,
        userId: user.id,
        role,
        teams,
        // A token acting for a person never exceeds what the person may do now.
        scope: tokenScope === null ? null : lowerScope(tokenScope, MAX_SCOPE_FOR_ROLE[role]),
        teamLimit: principal.teamLimit,
      };
    }
    return {
      name: principal.name,
      userId: null,
      role: ROLE_OF_SERVICE_ACCOUNT[principal.scope],
      teams: principal.teamLimit ?? [],
      scope: principal.scope,
      teamLimit: principal.teamLimit,
    };
  }

  async function serviceResource(name: string): Promise<ServiceResource> {
    const found = await deps.catalog.serviceOwnership(name);
    return { kind: 'service', name: found?.name ?? name, owner: found?.owner ?? null };
  }

  async function decide(principal: Principal, verb: Verb, resource: Resource): Promise<Decision> {
    return can(await actorFor(principal), verb, resource);
  }

  return {
    actorFor,
    serviceResource,
    decide,

    async incidentResource(id: string): Promise<Resource> {
      const services = (await deps.incidentServices(id)) ?? [];
      return { kind: 'incident', id, services: await Promise.all(services.map(serviceResource)) };
    },

    /** Throws NotAllowedError with the reason unless `can` allows it. */
    async authorize(principal: Principal | null, verb: Verb, resource: Resource): Promise<void> {
      if (!principal) throw new NotAllowedError(`${verb} needs a signed-in person or a token`);
      const decision = await decide(principal, verb, resource);
      if (!decision.allowed) throw new NotAllowedError(decision.reason ?? `${verb} is not allowed`);
    },

    /** Records a sign-in: the person is created the first time and updated every time after. */
    async recordSignIn(issuer: string, profile: SignInProfile): Promise<UserRow> {
      const now = clock.now().toISOString();
      const matched = matchCatalogPerson(profile, await deps.catalog.listPeople());
      const fields = {
        email: profile.email,
        name: matched?.displayName ?? profile.name,
        idp_groups: JSON.stringify(profile.groups),
        catalog_user: matched?.name ?? null,
        last_sign_in_at: now,
      };
      const existing = await store.findUserBySubject(issuer, profile.subject);
      if (existing) {
        await store.updateUserSignIn(existing.id, fields);
        return { ...existing, ...fields };
      }
      const row: UserRow = { id: newId(9), issuer, subject: profile.subject, created_at: now, ...fields };
      await store.insertUser(row);
      return row;
    },

    async findUser(id: string): Promise<UserRow | undefined> {
      return store.findUser(id);
    },

    /** Starts a browser session for a person or a token; the returned secret goes in the cookie. */
    async startSession(
      subject: { userId: string } | { tokenId: string },
      origin: RequestOrigin,
    ): Promise<{ secret: string; id: string; csrfToken: string; expiresAt: string }> {
      const now = clock.now();
      await store.purgeExpired(now.toISOString());
      const secret = randomBytes(32).toString('base64url');
      const id = hashSessionSecret(secret);
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + deps.sessionTtlMinutes * 60_000).toISOString();
      await store.insertSession({
        id,
        user_id: 'userId' in subject ? subject.userId : null,
        token_id: 'tokenId' in subject ? subject.tokenId : null,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        ended_at: null,
        ip: origin.ip?.slice(0, 100) ?? null,
        user_agent: origin.userAgent?.slice(0, 400) ?? null,
      });
      return { secret, id, csrfToken, expiresAt };
    },

    /** The principal of a live session cookie, or null (unknown, ended, expired, token revoked). */
    async sessionPrincipal(secret: string): Promise<Principal | null> {
      const row = await store.findLiveSession(hashSessionSecret(secret), clock.now().toISOString());
      if (!row) return null;
      const session = { id: row.id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
      if (row.token_id) {
        const principal = await deps.tokens.principalById(row.token_id);
        return principal ? { ...principal, via: 'session', session } : null;
      }
      const user = row.user_id ? await store.findUser(row.user_id) : undefined;
      if (!user) return null;
      const { role } = await personOf(user);
      return {
        via: 'session',
        actorId: `user:${user.id}`,
        name: user.name,
        scope: MAX_SCOPE_FOR_ROLE[role],
        tokenId: null,
        userId: user.id,
        teamLimit: null,
        session,
      };
    },

    async endSession(id: string): Promise<boolean> {
      return store.endSession(id, clock.now().toISOString());
    },

    async me(principal: Principal): Promise<Me> {
      const actor = await actorFor(principal);
      const user = principal.userId ? await store.findUser(principal.userId) : undefined;
      const platform: Resource = { kind: 'platform' };
      return {
        kind: principal.tokenId === null ? 'person' : 'token',
        name: principal.name,
        actorId: principal.actorId,
        email: user?.email ?? null,
        role: actor.role,
        teams: [...actor.teams],
        scope: actor.scope ?? principal.scope,
        tokenId: principal.tokenId,
        session: principal.session
          ? { expiresAt: principal.session.expiresAt, csrfToken: principal.session.csrfToken }
          : null,
        can: {
          operateAnyService: can(actor, 'operate', platform),
          approve: can(actor, 'approve', platform),
          configure: can(actor, 'configure', platform),
          audit: can(actor, 'audit', platform),
        },
      };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
