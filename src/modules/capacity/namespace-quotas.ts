import type { BucketRow } from '../cost/index.ts';
import type { CapacityResource } from './contract.ts';
import type { Candidate } from './resource-candidate.ts';

/** kube-state-metrics: one series per quota, resource and `type` (hard or used). */
export const RESOURCE_QUOTA_METRIC = 'kube_resourcequota';

/**
 * The unit kube-state-metrics reports a quota resource in: cores for CPU (`cpu`, `requests.cpu`,
 * `limits.cpu`), bytes for memory, storage and hugepages, a count for everything else (`pods`,
 * `services`, `count/deployments.apps`, `persistentvolumeclaims`).
 */
export function quotaUnit(resource: string): CapacityResource['unit'] {
  if (/(^|\.)cpu$/.test(resource)) return 'cores';
  if (/(^|\.)(memory|storage|ephemeral-storage)$/.test(resource) || /(^|\.)hugepages-/.test(resource))
    return 'bytes';
  return 'count';
}

/**
 * One candidate per namespace, quota and resource: `used` forecast against `hard`. The limit is
 * the latest `hard` (a quota raised last week counts at its new size); a resource with `used` but
 * no `hard` has nothing to run out of and is left out.
 */
export function quotaCandidates(rows: readonly BucketRow[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  const hardAt = new Map<string, number>();
  const idOf = (l: Record<string, string>) =>
    `quota:${l.namespace ?? ''}/${l.resourcequota ?? ''}/${l.resource ?? ''}`;
  const get = (l: Record<string, string>): Candidate => {
    const id = idOf(l);
    let c = byId.get(id);
    if (!c) {
      const namespace = l.namespace ?? '';
      const quota = l.resourcequota ?? '';
      const resource = l.resource ?? '';
      c = {
        id,
        kind: 'namespace_quota',
        name: `${namespace} ${resource} (quota ${quota})`,
        unit: quotaUnit(resource),
        labels: { namespace, resourcequota: quota, resource },
        used: new Map(),
        limit: 0,
      };
      byId.set(id, c);
    }
    return c;
  };
  for (const r of rows) {
    if (r.metric !== RESOURCE_QUOTA_METRIC) continue;
    const c = get(r.labels);
    if (r.labels.type === 'used') c.used.set(r.t, [r.lastSeconds, r.last]);
    else if (r.labels.type === 'hard' && r.lastSeconds >= (hardAt.get(c.id) ?? 0)) {
      c.limit = r.last;
      hardAt.set(c.id, r.lastSeconds);
    }
  }
  return [...byId.values()];
}
