/**
 * Which catalog service a Kubernetes object belongs to, by the labels teams already put on their
 * workloads: `cairn.dev/service`, Backstage's `backstage.io/kubernetes-id` (matched against the
 * service's annotation of the same name, as Backstage's Kubernetes plugin does), then
 * `app.kubernetes.io/name` (matched against the same annotation or the service's name).
 */
import type { KubeObject } from './policy-match.ts';

export interface CatalogServiceRef {
  name: string;
  annotations: Record<string, string>;
}

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

export function serviceOfObject(object: KubeObject, services: readonly CatalogServiceRef[]): string | null {
  const metadata = (object.metadata ?? {}) as { labels?: Record<string, unknown> };
  const label = (key: string) => {
    const value = metadata.labels?.[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const byName = (name: string | null) =>
    name ? (services.find((s) => s.name === name)?.name ?? null) : null;
  const byKubernetesId = (id: string | null) =>
    id ? (services.find((s) => s.annotations[KUBERNETES_ID] === id)?.name ?? null) : null;

  const declared = byName(label('cairn.dev/service'));
  if (declared) return declared;
  const kubernetesId = label(KUBERNETES_ID);
  const appName = label('app.kubernetes.io/name');
  return byKubernetesId(kubernetesId) ?? byKubernetesId(appName) ?? byName(appName);
}
