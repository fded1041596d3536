import { describe, expect, it } from 'vitest';
import { workloadFromOwner, workloadOf } from './workload-name.ts';

describe('workload names', () => {
  it('names the controller kube_pod_owner gives', () => {
    expect(workloadFromOwner('ReplicaSet', 'checkout-api-7d9f8b6c5')).toBe('checkout-api');
    expect(workloadFromOwner('StatefulSet', 'postgres')).toBe('postgres');
    expect(workloadFromOwner('DaemonSet', 'node-exporter')).toBe('node-exporter');
    expect(workloadFromOwner('Job', 'nightly-report-29312640')).toBe('nightly-report');
    expect(workloadFromOwner('<none>', '<none>')).toBeNull();
  });

  it('falls back to the pod name less its replica suffixes', () => {
    expect(workloadOf('checkout-7d9f8b6c5-x2k4q')).toBe('checkout');
    expect(workloadOf('db-0')).toBe('db');
    expect(workloadOf('fluentd-abcde')).toBe('fluentd');
  });
});
