import type { PodOwner } from './allocation.ts';
import { parseLabelSelector } from './label-selector.ts';
import { kubeLabelName } from './prices.ts';

/** What pod-to-service mapping needs from a catalog service. */
export interface CatalogServiceRef {
  name: string;
  owner: string | null;
  system: string | null;
  annotations: Record<string, string>;
}

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const LABEL_SELECTOR_ANNOTATION = 'backstage.io/kubernetes-label-selector';

/**
 * Maps pods to services and teams, in the order Backstage's Kubernetes plugin reads the catalog:
 * a service claims pods whose `backstage.io/kubernetes-id` label equals its annotation of that
 * name, or else pods its `backstage.io/kubernetes-label-selector` annotation selects (the first
 * such service by name); otherwise the `serviceLabel` (app.kubernetes.io/name) names the service,
 * and the catalog, if it knows that name, gives its team and system.
 */
export function createPodOwnerResolver(services: readonly CatalogServiceRef[], serviceLabel: string) {
  const byKubernetesId = new Map<string, CatalogServiceRef>();
  const byName = new Map<string, CatalogServiceRef>();
  const bySelector: Array<{
    service: CatalogServiceRef;
    matches: (labels: Record<string, string>) => boolean;
  }> = [];
  for (const s of [...services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    byName.set(s.name, s);
    const id = s.annotations[KUBERNETES_ID_ANNOTATION];
    if (id) byKubernetesId.set(id, s);
    const matches = parseLabelSelector(s.annotations[LABEL_SELECTOR_ANNOTATION] ?? '');
    if (matches) bySelector.push({ service: s, matches });
  }
  const idLabel = kubeLabelName(KUBERNETES_ID_ANNOTATION);
  const nameLabel = kubeLabelName(serviceLabel);
  return (_namespace: string, _pod: string, labels: Record<string, string>): PodOwner => {
    const claimed =
      byKubernetesId.get(labels[idLabel] ?? '') ?? bySelector.find((s) => s.matches(labels))?.service;
    const named = labels[nameLabel] || null;
    const service = claimed ?? (named ? byName.get(named) : undefined);
    if (service) return { service: service.name, team: service.owner, system: service.system };
    return { service: named, team: null, system: null };
  };
}
