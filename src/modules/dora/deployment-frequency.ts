import type { FrequencyBucket } from './levels.ts';
import { DAY_MS, type Deployment, type Window } from './model.ts';
import { median } from './percentile.ts';

const WEEK_MS = 7 * DAY_MS;
const MONTH_MS = 30 * DAY_MS;

export interface DeploymentFrequency {
  deployments: number;
  perDay: number;
  /** Median, over the window's weeks, of the number of distinct days with a deployment. */
  medianDeployDaysPerWeek: number;
  bucket: FrequencyBucket;
}

/**
 * Deployments per day and the DORA 2024 bucket, as Four Keys decides it: median deploy days per
 * week at least 3 → on demand; the median week has a deployment → daily to weekly; the median
 * 30-day month has one → weekly to monthly; otherwise monthly to six-monthly. Weeks (7 days) and
 * months (30 days) are counted from the window's start; a last partial one counts too.
 */
export function deploymentFrequency(deployments: readonly Deployment[], window: Window): DeploymentFrequency {
  const spanMs = window.toMs - window.fromMs;
  const weeks = Math.max(1, Math.ceil(spanMs / WEEK_MS));
  const months = Math.max(1, Math.ceil(spanMs / MONTH_MS));
  const daysPerWeek = Array.from({ length: weeks }, () => new Set<number>());
  const perMonth = new Array<number>(months).fill(0);
  for (const deployment of deployments) {
    const offsetMs = deployment.atMs - window.fromMs;
    daysPerWeek[Math.floor(offsetMs / WEEK_MS)]?.add(Math.floor(offsetMs / DAY_MS));
    perMonth[Math.floor(offsetMs / MONTH_MS)] = (perMonth[Math.floor(offsetMs / MONTH_MS)] ?? 0) + 1;
  }
  const medianDays = median(daysPerWeek.map((days) => days.size)) ?? 0;
  const medianPerMonth = median(perMonth) ?? 0;
  const bucket: FrequencyBucket =
    medianDays >= 3
      ? 'on-demand'
      : medianDays >= 1
        ? 'daily-to-weekly'
        : medianPerMonth >= 1
          ? 'weekly-to-monthly'
          : 'monthly-to-six-monthly';
  return {
    deployments: deployments.length,
    perDay: deployments.length / (spanMs / DAY_MS),
    medianDeployDaysPerWeek: medianDays,
    bucket,
  };
}
