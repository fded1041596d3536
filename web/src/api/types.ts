/**
 * Response shapes of the REST API the UI uses (see the API contract in the docs). Kept by hand
 * until the module contracts are importable from the browser bundle.
 */

export const SCOPES = ['ingest', 'read', 'operate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Me {
  name: string;
  scope: Scope;
  tokenId: string;
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
