import type { IncidentAlert } from '../incidents/index.ts';
import type { AlertRow } from './alert.store.ts';
import type { Alert } from './contract.ts';

const status = (row: AlertRow): Alert['status'] => (row.status === 'resolved' ? 'resolved' : 'firing');

/** An alert row as the API shows it. */
export function presentAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    source: row.source,
    rule: row.rule,
    service: row.service,
    severity: row.severity,
    status: status(row),
    // Both columns are written by the intake from validated string maps only.
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    groupKey: row.group_key,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    occurrences: row.occurrences,
    flapping: row.flapping === 1,
    silencedBy: row.silenced_by,
    incidentId: row.incident_id,
    updatedAt: row.updated_at,
  };
}

/** An alert as an incident lists it. */
export function presentIncidentAlert(row: AlertRow): IncidentAlert {
  return {
    fingerprint: row.fingerprint,
    source: row.source,
    rule: row.rule,
    service: row.service,
    severity: row.severity,
    status: status(row),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    flapping: row.flapping === 1,
  };
}
