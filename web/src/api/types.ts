/**
 * Response shapes of the REST API the UI uses (see the API contract in the docs). Kept by hand
 * until the module contracts are importable from the browser bundle.
 */

export const SCOPES = ['ingest', 'read', 'operate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Roles, most trusted first (see docs/identity.md). */
export type Role = 'admin' | 'platform' | 'member' | 'viewer';

/** A permission answer: allowed, or why not. */
export interface Decision {
  allowed: boolean;
  reason: string | null;
}

/** `GET /api/v1/me`: who is signed in and what they may do beyond their own services. */
export interface Me {
  kind: 'person' | 'token';
  name: string;
  actorId: string;
  email: string | null;
  role: Role;
  teams: string[];
  scope: Scope;
  tokenId: string | null;
  session: { expiresAt: string; csrfToken: string } | null;
  can: { operateAnyService: Decision; approve: Decision; configure: Decision; audit: Decision };
}

/** `GET /api/v1/permissions`: one decision about one verb. */
export interface PermissionAnswer {
  items: Array<
    Decision & { verb: string; service: string | null; incident: string | null; owner: string | null }
  >;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: Scope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export interface Service {
  name: string;
  owner?: string | null;
  system?: string | null;
  tier?: string | null;
}

export interface ItemList<T> {
  items: T[];
}
