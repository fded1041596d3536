/**
 * Onboarding time: for every service created from a template, the time from its task's start to
 * the first successful production deploy recorded for it (the change record), with the median per
 * template, per team and overall. Services not deployed yet are counted, without a time.
 */
import type { StoredTask } from './task.store.ts';

export interface OnboardedService {
  service: string;
  template: string;
  team: string | null;
  taskId: string;
  taskStartedAt: string;
  firstProductionDeployAt: string | null;
  onboardingMs: number | null;
}

export interface OnboardingGroup {
  key: string;
  services: number;
  deployed: number;
  medianOnboardingMs: number | null;
}

export interface OnboardingReport {
  overall: Omit<OnboardingGroup, 'key'>;
  byTemplate: OnboardingGroup[];
  byTeam: OnboardingGroup[];
  services: OnboardedService[];
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

function group(services: OnboardedService[], keyOf: (s: OnboardedService) => string): OnboardingGroup[] {
  const groups = new Map<string, OnboardedService[]>();
  for (const service of services) {
    const key = keyOf(service);
    groups.set(key, [...(groups.get(key) ?? []), service]);
  }
  return [...groups.entries()]
    .map(([key, members]) => summarise(key, members))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function summarise(key: string, members: OnboardedService[]): OnboardingGroup {
  const times = members.flatMap((m) => (m.onboardingMs === null ? [] : [m.onboardingMs]));
  return { key, services: members.length, deployed: times.length, medianOnboardingMs: median(times) };
}

/**
 * `firstDeployAfter` answers the earliest successful production deploy of a service at or after
 * a time, or null.
 */
export async function onboardingReport(
  tasks: StoredTask[],
  firstDeployAfter: (service: string, since: string) => Promise<string | null>,
): Promise<OnboardingReport> {
  // A service created twice counts from its first successful task.
  const firstTask = new Map<string, StoredTask>();
  for (const task of tasks) {
    if (task.status !== 'succeeded' || !task.service || !task.startedAt) continue;
    const seen = firstTask.get(task.service);
    if (!seen || (seen.startedAt ?? '') > task.startedAt) firstTask.set(task.service, task);
  }
  const services: OnboardedService[] = [];
  for (const [service, task] of firstTask) {
    const startedAt = task.startedAt ?? task.createdAt;
    const deployAt = await firstDeployAfter(service, startedAt);
    services.push({
      service,
      template: task.template,
      team: task.team,
      taskId: task.id,
      taskStartedAt: startedAt,
      firstProductionDeployAt: deployAt,
      onboardingMs: deployAt ? Date.parse(deployAt) - Date.parse(startedAt) : null,
    });
  }
  services.sort((a, b) => a.service.localeCompare(b.service));
  const { key: _key, ...overall } = summarise('all', services);
  return {
    overall,
    byTemplate: group(services, (s) => s.template),
    byTeam: group(services, (s) => s.team ?? '(no team)'),
    services,
  };
}
