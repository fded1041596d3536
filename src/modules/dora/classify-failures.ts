import { DAY_MS, type Deployment, type DoraIncident, type FailedDeployment } from './model.ts';

/**
 * Which deployments failed, by evidence only (never by time proximity alone):
 * 1. it is the confident top suspect of an incident's context;
 * 2. a rollback of the same service to its previous version directly followed it within 24 h;
 * 3. another deployment of the same service followed it within 24 h while an incident attributed
 *    to it (by 1) was open: a hotfix.
 * Recovery: the first later deployment of the service (rollback or fix), or the attributed
 * incident resolving, whichever came first.
 *
 * `deployments` may hold every service; they are compared within their service only.
 */
export function classifyFailures(
  deployments: readonly Deployment[],
  incidents: readonly DoraIncident[],
): Map<string, FailedDeployment> {
  const byService = new Map<string, Deployment[]>();
  for (const deployment of deployments) {
    const list = byService.get(deployment.service) ?? [];
    list.push(deployment);
    byService.set(deployment.service, list);
  }
  const failures = new Map<string, FailedDeployment>();
  for (const list of byService.values()) {
    list.sort((a, b) => a.atMs - b.atMs);
    list.forEach((deployment, index) => {
      const failure = classifyOne(deployment, list[index - 1], list.slice(index + 1), incidents);
      if (failure) failures.set(deployment.id, failure);
    });
  }
  return failures;
}

function classifyOne(
  deployment: Deployment,
  previous: Deployment | undefined,
  later: readonly Deployment[],
  incidents: readonly DoraIncident[],
): FailedDeployment | null {
  const reasons: string[] = [];
  const name = describe(deployment);
  const attributed = incidents.filter((incident) => incident.confidentSuspect?.changeId === deployment.id);
  for (const incident of attributed) {
    const score = incident.confidentSuspect?.score ?? 0;
    reasons.push(
      `${name} is the confident top suspect (score ${score.toFixed(2)}) of incident ${incident.id} "${incident.title}"`,
    );
  }

  const next = later[0];
  const previousVersion = deployment.previousVersion ?? previous?.version ?? null;
  if (
    next &&
    next.kind === 'rollback' &&
    next.atMs - deployment.atMs <= DAY_MS &&
    previousVersion !== null &&
    next.version === previousVersion
  ) {
    reasons.push(
      `rolled back to v${previousVersion} ${formatDuration(next.atMs - deployment.atMs)} later (${next.id})`,
    );
  }

  for (const hotfix of later) {
    if (hotfix.atMs - deployment.atMs > DAY_MS) break;
    if (hotfix.kind === 'rollback') continue;
    const open = attributed.find(
      (incident) =>
        incident.startedAtMs <= hotfix.atMs &&
        (incident.resolvedAtMs === null || hotfix.atMs < incident.resolvedAtMs),
    );
    if (open) {
      reasons.push(
        `${describe(hotfix)} followed ${formatDuration(hotfix.atMs - deployment.atMs)} later while incident ${open.id} was open (hotfix)`,
      );
      break;
    }
  }

  if (reasons.length === 0) return null;
  const recoveries = [
    ...(next ? [next.atMs] : []),
    ...attributed.flatMap((incident) => (incident.resolvedAtMs === null ? [] : [incident.resolvedAtMs])),
  ];
  return {
    deployment,
    reasons,
    recoveredAtMs: recoveries.length === 0 ? null : Math.min(...recoveries),
  };
}

function describe(deployment: Deployment): string {
  const what = deployment.kind === 'rollback' ? 'rollback' : 'deploy';
  return `${what} ${deployment.service}${deployment.version ? ` v${deployment.version}` : ''}`;
}

/** "45 min", "3 h 20 min". */
export function formatDuration(durationMs: number): string {
  const totalMinutes = Math.round(durationMs / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/**
 * Rework: unplanned deployments made because of a production incident — rollbacks, and
 * deployments of a service while an incident on it, or attributed to one of its deployments, was open.
 */
export function isRework(
  deployment: Deployment,
  incidents: readonly DoraIncident[],
  serviceOfChange: (changeId: string) => string | undefined,
): boolean {
  if (deployment.kind === 'rollback') return true;
  return incidents.some(
    (incident) =>
      incident.startedAtMs <= deployment.atMs &&
      (incident.resolvedAtMs === null || deployment.atMs < incident.resolvedAtMs) &&
      (incident.services.includes(deployment.service) ||
        (incident.confidentSuspect !== null &&
          incident.confidentSuspect.changeId !== deployment.id &&
          serviceOfChange(incident.confidentSuspect.changeId) === deployment.service)),
  );
}
