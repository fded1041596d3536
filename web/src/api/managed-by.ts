import { useMemo } from 'react';
import type { ConfigObject, ManagedBy } from './contracts.ts';
import { useApiQuery } from './queries.ts';
import type { ItemList } from './types.ts';

/**
 * The kinds the API can say an object comes from: a config-source kind, or a catalog entity by
 * its own kind (`component` names a service).
 */
export type ManagedKind =
  | 'runbooks'
  | 'actions'
  | 'templates'
  | 'policies'
  | 'component'
  | 'system'
  | 'resource'
  | 'group';

/**
 * Where an object is defined when a config source owns it, or null when it is not managed (the
 * API answers 404) or not known yet. A null name asks for nothing.
 */
export function useManagedBy(kind: ManagedKind, name: string | null): ManagedBy | null {
  const query = useApiQuery<ManagedBy>(
    name === null ? null : `/api/v1/config/objects/${kind}/${encodeURIComponent(name)}`,
  );
  return query.data ?? null;
}

/**
 * Where each catalog component is defined, by component name (one request for a whole list);
 * empty until loaded or when the catalog has no configured source.
 */
export function useManagedComponents(): ReadonlyMap<string, ManagedBy> {
  const query = useApiQuery<ItemList<ConfigObject>>('/api/v1/config/objects?kind=catalog');
  return useMemo(() => {
    const byName = new Map<string, ManagedBy>();
    for (const object of query.data?.items ?? []) {
      if (object.managedBy && object.name.startsWith('component:'))
        byName.set(object.name.slice('component:'.length), object.managedBy);
    }
    return byName;
  }, [query.data]);
}
