/** A pod's workload from its name alone: `checkout-7d9f8b6c5-x2k4q` → `checkout`, `db-0` → `db`. */
export function workloadOf(pod: string): string {
  return pod
    .replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '')
    .replace(/-[a-z0-9]{5}$/, '')
    .replace(/-\d+$/, '');
}

/**
 * The controller a pod's `kube_pod_owner` names: a ReplicaSet's Deployment (its name less the
 * pod-template hash), a CronJob's Job less its schedule suffix, a StatefulSet or DaemonSet as is.
 * Null for a pod no controller owns (`<none>`).
 */
export function workloadFromOwner(kind: string, name: string): string | null {
  if (name === '' || name === '<none>' || kind === '<none>') return null;
  if (kind === 'ReplicaSet') return name.replace(/-[a-z0-9]{5,10}$/, '');
  if (kind === 'Job') return name.replace(/-\d{8,}$/, '');
  return name;
}
