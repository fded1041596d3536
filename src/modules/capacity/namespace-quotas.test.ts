import { describe, expect, it } from 'vitest';
import type { BucketRow } from '../cost/index.ts';
import { quotaCandidates, quotaUnit } from './namespace-quotas.ts';

function row(type: 'hard' | 'used', resource: string, t: number, value: number): BucketRow {
  return {
    metric: 'kube_resourcequota',
    labels: { namespace: 'shop', resourcequota: 'compute', resource, type },
    t,
    avg: value,
    max: value,
    first: value,
    last: value,
    firstSeconds: t,
    lastSeconds: t + 3300,
  };
}

describe('namespace quotas', () => {
  it('reads each quota resource in the unit kube-state-metrics reports', () => {
    expect(['cpu', 'requests.cpu', 'limits.cpu'].map(quotaUnit)).toEqual(['cores', 'cores', 'cores']);
    expect(
      [
        'memory',
        'limits.memory',
        'requests.storage',
        'requests.ephemeral-storage',
        'gold.storageclass.storage.k8s.io/requests.storage',
        'hugepages-2Mi',
        'requests.hugepages-1Gi',
      ].map(quotaUnit),
    ).toEqual(['bytes', 'bytes', 'bytes', 'bytes', 'bytes', 'bytes', 'bytes']);
    expect(
      ['pods', 'count/deployments.apps', 'services.loadbalancers', 'requests.nvidia.com/gpu'].map(quotaUnit),
    ).toEqual(['count', 'count', 'count', 'count']);
  });

  it('takes the latest hard limit and each hour’s last used value', () => {
    const [c] = quotaCandidates([
      row('hard', 'pods', 7200, 20),
      row('hard', 'pods', 0, 10),
      row('used', 'pods', 0, 4),
      row('used', 'pods', 3600, 5),
    ]);
    expect(c?.id).toBe('quota:shop/compute/pods');
    expect(c?.limit).toBe(20);
    expect([...(c?.used ?? [])]).toEqual([
      [0, [3300, 4]],
      [3600, [6900, 5]],
    ]);
  });
});
