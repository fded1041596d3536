import type { Change } from '../changes/index.ts';
import type { IncidentContext } from '../context/index.ts';
import type { IncidentRow } from '../incidents/index.ts';
import type { ImportIncident } from './contract.ts';

/** How far before an incident the change it names may have taken effect. */
export const ATTRIBUTION_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/** A timeline entry as the incident store appends it. */
export interface ImportedTimelineEntry {
  at: string;
  kind: 'opened' | 'acknowledged' | 'resolved';
  message: string;
  details: Record<string, unknown>;
}

/**
 * The incident row and timeline an imported past incident becomes: resolved, with a frozen
 * context that names the change the source tool attributed it to as the confident top suspect
 * (score 1, the reason saying who attributed it). Cairn stored no telemetry for it, so impact and
 * evidence are empty and say so; the incident page shows it like any resolved incident.
 */
export function buildImportedIncident(input: {
  id: string;
  item: ImportIncident;
  source: string;
  change: Change | null;
  importedAt: string;
}): { row: IncidentRow; timeline: ImportedTimelineEntry[] } {
  const { id, item, source, change, importedAt } = input;
  const resolvedBy = item.resolvedBy ?? source;
  const row: IncidentRow = {
    id,
    title: item.title,
    status: 'resolved',
    severity: item.severity,
    services: JSON.stringify(item.services),
    started_at: item.openedAt,
    last_alert_at: item.openedAt,
    quiet_since: null,
    acknowledged_at: item.acknowledgedAt ?? null,
    acknowledged_by: item.acknowledgedAt ? source : null,
    resolved_at: item.resolvedAt,
    resolved_by: resolvedBy,
    paged: item.paged ? 1 : 0,
    paged_rule: null,
    context: JSON.stringify(importedContext(item, source, change, importedAt)),
  };
  const origin = { source, externalId: item.externalId };
  const timeline: ImportedTimelineEntry[] = [
    {
      at: item.openedAt,
      kind: 'opened',
      message: `Imported from ${source} (${item.externalId})`,
      details: origin,
    },
    ...(item.acknowledgedAt
      ? [
          {
            at: item.acknowledgedAt,
            kind: 'acknowledged' as const,
            message: `Acknowledged in ${source}`,
            details: origin,
          },
        ]
      : []),
    { at: item.resolvedAt, kind: 'resolved', message: `Resolved by ${resolvedBy}`, details: origin },
  ];
  return { row, timeline };
}

function importedContext(
  item: ImportIncident,
  source: string,
  change: Change | null,
  importedAt: string,
): IncidentContext & { imported: { source: string; externalId: string } } {
  const onset = item.openedAt;
  const onsetMs = Date.parse(onset);
  const none = 'Imported: Cairn stored no telemetry for this incident.';
  return {
    suspects: change
      ? [
          {
            change,
            score: 1,
            reasons: [`${source} attributed incident ${item.externalId} to this change (imported)`],
          },
        ]
      : [],
    rootCauseServices: [],
    impact: {
      summary: none,
      telemetry: false,
      services: [],
      entryPoints: [],
      requestsAffected: 0,
      sloBudgetBurned: [],
    },
    fix: { rollback: null, runbooks: [], similarIncidents: [] },
    evidence: {
      summary: none,
      exemplarTraceIds: [],
      topErrorTemplates: [],
      windows: {
        onset,
        at: importedAt,
        changes: { from: new Date(onsetMs - ATTRIBUTION_LOOKBACK_MS).toISOString(), to: onset },
        baseline: { from: onset, to: onset },
        baselineExcluded: [],
        after: { from: onset, to: item.resolvedAt },
      },
    },
    computedAt: importedAt,
    snapshot: true,
    imported: { source, externalId: item.externalId },
  };
}
