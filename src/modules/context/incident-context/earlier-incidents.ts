import type { IncidentSummary } from '../../incidents/index.ts';
import type { TimeRange } from '../root-cause/analysis-window.ts';
import type { ContextIncident } from './build-incident-context.ts';

/** How far back an earlier incident may have started and still overlap a baseline: a day. */
export const EARLIER_INCIDENTS_LOOKBACK_MS = 24 * 60 * 60_000;

/**
 * When other incidents sharing a service with `current` were open inside `range`: their minutes
 * are not normal, and the root-cause baseline leaves them out. `started` are the incidents started
 * since {@link EARLIER_INCIDENTS_LOOKBACK_MS} before the range (so a long one that began earlier is
 * found too); one still open counts until `range.to`. Incidents on other services are left alone:
 * their minutes may be perfectly normal for this incident's services.
 */
export function earlierIncidentWindows(
  current: ContextIncident,
  started: readonly IncidentSummary[],
  range: TimeRange,
): TimeRange[] {
  const mine = new Set(current.services);
  return started
    .filter((other) => other.id !== current.id && other.services.some((s) => mine.has(s)))
    .map((other) => ({
      from: new Date(other.startedAt),
      to: other.resolvedAt ? new Date(other.resolvedAt) : range.to,
    }))
    .filter((window) => window.to > range.from && window.from < range.to);
}
