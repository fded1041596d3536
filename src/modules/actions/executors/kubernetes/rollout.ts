/**
 * Rollout logic as `kubectl rollout status` and `kubectl rollout undo` do it, on plain objects so
 * it is testable without a cluster.
 */
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export type RolloutState =
  | { done: true; message: string }
  | { done: false; failed: boolean; message: string };

/** Where a Deployment's rollout stands (kubectl's DeploymentStatusViewer, same messages). */
export function rolloutState(deployment: V1Deployment): RolloutState {
  const name = deployment.metadata?.name ?? '';
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < generation) {
    return { done: false, failed: false, message: 'waiting for the deployment spec update to be observed' };
  }
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      done: false,
      failed: true,
      message: `deployment "${name}" exceeded its progress deadline: ${progressing.message ?? ''}`.trim(),
    };
  }
  const wanted = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < wanted) {
    return { done: false, failed: false, message: `${updated} of ${wanted} new replicas have been updated` };
  }
  if (total > updated) {
    return { done: false, failed: false, message: `${total - updated} old replicas are pending termination` };
  }
  if (available < updated) {
    return {
      done: false,
      failed: false,
      message: `${available} of ${updated} updated replicas are available`,
    };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out (${available} available)` };
}

/** The ReplicaSets a Deployment owns, by revision, newest first. */
export function ownedRevisions(deployment: V1Deployment, replicaSets: readonly V1ReplicaSet[]) {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((replicaSet) =>
      replicaSet.metadata?.ownerReferences?.some((owner) => owner.kind === 'Deployment' && owner.uid === uid),
    )
    .map((replicaSet) => ({
      revision: Number(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION]),
      replicaSet,
    }))
    .filter((entry) => Number.isInteger(entry.revision) && entry.revision > 0)
    .sort((a, b) => b.revision - a.revision);
}

/**
 * The pod template to roll back to, as kubectl copies it: the ReplicaSet's template without the
 * `pod-template-hash` label the controller adds.
 */
export function templateForRollback(replicaSet: V1ReplicaSet): V1PodTemplateSpec {
  const template = structuredClone(replicaSet.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}

/** `registry:5000/shop/payment:1.4.0@sha…` with a new tag; the digest is dropped with the old tag. */
export function replaceImageTag(image: string, tag: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const repository = lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
  return `${repository}:${tag}`;
}

/** The tag of an image reference ('' when it has none). */
export function imageTag(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : '';
}
