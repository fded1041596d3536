import type { ManagedBy } from './contracts.ts';
import { useApiQuery } from './queries.ts';

/** The config-source kinds the API can say an object comes from. */
export type ManagedKind = 'runbooks' | 'actions' | 'templates' | 'policies';

/**
 * Where a runbook, action, template or policy is defined when a config source owns it, or null
 * when it is not managed (the API answers 404) or not known yet. A null name asks for nothing.
 */
export function useManagedBy(kind: ManagedKind, name: string | null): ManagedBy | null {
  const query = useApiQuery<ManagedBy>(
    name === null ? null : `/api/v1/config/objects/${kind}/${encodeURIComponent(name)}`,
  );
  return query.data ?? null;
}
