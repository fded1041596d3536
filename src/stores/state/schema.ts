/**
 * Row types of the state store, as Kysely sees them. Timestamps are ISO-8601 UTC strings in both
 * dialects (see docs/adr/0002-state-store.md): one code path, lexicographic order = time order.
 */
export interface ApiTokenTable {
  id: string;
  name: string;
  scope: string;
  secret_hash: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface StateDatabase {
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
}
