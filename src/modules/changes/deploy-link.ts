/**
 * One deployment, one change. A deploy Cairn ran (a `cairn-action` change: the GitOps commit it
 * pushed, or the Argo CD sync or rollback it asked for) is reported again by the deploy tool when
 * it rolls that revision out (Argo CD's sync notification). Both name the same service,
 * environment and revision, so that is the key: the tool's report enriches the `cairn-action`
 * change (its link, its status, when it took effect) instead of being a second deployment that
 * DORA would count twice.
 */
import type { ChangeRow } from './changes.store.ts';

/** Deploy tools whose reports are linked to the deploy Cairn ran (not people's API or CLI records). */
const TOOL_SOURCES: ReadonlySet<string> = new Set(['argocd', 'jenkins', 'github']);
const DEPLOY_KINDS: ReadonlySet<string> = new Set(['deploy', 'rollback']);

/** Clocks of Cairn and the tool may disagree by this much. */
const CLOCK_SKEW_MS = 2 * 60_000;
/**
 * A tool rolls a commit out within this long after Cairn made it (Argo CD polls Git every 3
 * minutes by default); a later sync of the same revision is a deploy of its own.
 */
export const LINK_WINDOW_MS = 60 * 60_000;

/** Whether a change takes part in linking: a deploy or rollback of a known service at a revision. */
export function linkable(row: ChangeRow): row is ChangeRow & { service: string; revision: string } {
  return row.service !== null && row.revision !== null && DEPLOY_KINDS.has(row.kind);
}

/** Whether the change is a deploy tool's own report (the side that gets linked). */
export function isToolReport(row: ChangeRow): boolean {
  return TOOL_SOURCES.has(row.source);
}

/**
 * Whether `report` (a tool's) is about the deploy `own` (Cairn's) made: same service,
 * environment and revision, and the tool's operation between the run's start and an hour after
 * it ended.
 */
export function reportsSameDeploy(own: ChangeRow, report: ChangeRow): boolean {
  if (own.source !== 'cairn-action' || !isToolReport(report)) return false;
  if (own.service !== report.service || own.environment !== report.environment) return false;
  if (own.revision === null || own.revision !== report.revision) return false;
  if (!DEPLOY_KINDS.has(own.kind) || !DEPLOY_KINDS.has(report.kind)) return false;
  const reportedAt = Date.parse(report.at);
  const from = Date.parse(own.started_at ?? own.at) - CLOCK_SKEW_MS;
  return reportedAt >= from && reportedAt <= Date.parse(own.at) + LINK_WINDOW_MS;
}

/**
 * What the tool's report adds to Cairn's change: the tool's link and name for the application
 * when Cairn's has none, `failed` when the roll-out failed (the commit landing is not the deploy
 * succeeding), the roll-out's end as when it took effect, and one line saying the tool reported
 * it. Applying it twice gives the same row, so a redelivered report changes nothing more.
 */
export function enrichWithReport(own: ChangeRow, report: ChangeRow): Partial<ChangeRow> {
  const note = `${report.source} reported it${report.description ? `: ${report.description}` : ''}`;
  const description = own.description?.includes(note)
    ? own.description
    : [own.description, note].filter(Boolean).join('; ');
  const finishedAt = later(own.finished_at, report.finished_at);
  return {
    url: own.url ?? report.url,
    source_ref: own.source_ref ?? report.source_ref,
    status: report.status === 'failed' ? 'failed' : own.status,
    finished_at: finishedAt,
    at: later(own.at, report.finished_at) ?? own.at,
    description,
  };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
