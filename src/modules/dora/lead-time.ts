import type { Deployment } from './model.ts';
import { median, percentile } from './percentile.ts';

export interface LeadTime {
  commits: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * Change lead time: for each commit a deployment shipped, deployment time minus commit time;
 * median and p90 over the commits. A commit dated after its deployment (clock skew) counts as 0.
 */
export function changeLeadTime(deployments: readonly Deployment[]): LeadTime {
  const leadTimesMs = deployments.flatMap((deployment) =>
    deployment.commitTimesMs.map((commitMs) => Math.max(0, deployment.atMs - commitMs)),
  );
  return { commits: leadTimesMs.length, medianMs: median(leadTimesMs), p90Ms: percentile(leadTimesMs, 0.9) };
}
