import type { PodOwner } from './allocation.ts';
import { kubeLabelName } from './prices.ts';

/** What pod-to-service mapping needs from a catalog service. */
export interface CatalogServiceRef {
  name: string;
  owner: string | null;
  system: string | null;
  annotations: Record<string, string>;
}

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * Maps pods to services and teams: a catalog service claims pods whose `backstage.io/kubernetes-id`
 * label equals its annotation of that name; otherwise the `serviceLabel` (app.kubernetes.io/name)
 * names the service, and the catalog, if it knows that name, gives its team and system.
 */
export function createPodOwnerResolver(services: readonly CatalogServiceRef[], serviceLabel: string) {
  const byKubernetesId = new Map<string, CatalogServiceRef>();
  const byName = new Map<string, CatalogServiceRef>();
  for (const s of services) {
    byName.set(s.name, s);
    const id = s.annotations[KUBERNETES_ID_ANNOTATION];
    if (id) byKubernetesId.set(id, s);
  }
  const idLabel = kubeLabelName(KUBERNETES_ID_ANNOTATION);
  const nameLabel = kubeLabelName(serviceLabel);
  return (_namespace: string, _pod: string, labels: Record<string, string>): PodOwner => {
    const claimed = byKubernetesId.get(labels[idLabel] ?? '');
    const named = labels[nameLabel] || null;
    const service = claimed ?? (named ? byName.get(named) : undefined);
    if (service) return { service: service.name, team: service.owner, system: service.system };
    return { service: named, team: null, system: null };
  };
}
