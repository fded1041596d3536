/** What the DORA metrics are computed from: deployments and incidents, already read and normalised. */

export const DAY_MS = 24 * 3600 * 1000;
export const HOUR_MS = 3600 * 1000;

/** A succeeded change of kind deploy or rollback in a production environment. */
export interface Deployment {
  id: string;
  service: string;
  kind: 'deploy' | 'rollback';
  version: string | null;
  previousVersion: string | null;
  /** When it took effect, epoch ms. */
  atMs: number;
  /** When each shipped commit was made, epoch ms (commits without a time are left out). */
  commitTimesMs: number[];
}

/** An incident as the failure attribution sees it. */
export interface DoraIncident {
  id: string;
  title: string;
  services: string[];
  startedAtMs: number;
  resolvedAtMs: number | null;
  /** The change its context names as confident top suspect, if any. */
  confidentSuspect: { changeId: string; score: number } | null;
}

/** A deployment that needed immediate intervention, and the evidence for it. */
export interface FailedDeployment {
  deployment: Deployment;
  reasons: string[];
  /** When service was restored: the first fix/rollback deployment or the attributed incident resolving. */
  recoveredAtMs: number | null;
}

/** A time window [fromMs, toMs). */
export interface Window {
  fromMs: number;
  toMs: number;
}

export const inWindow = (atMs: number, window: Window) => atMs >= window.fromMs && atMs < window.toMs;
