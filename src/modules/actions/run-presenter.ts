import type { Run, RunState } from './contract.ts';
import type { RunRow } from './runs.store.ts';

/** The API's view of a run row. */
export function presentRun(row: RunRow): Run {
  return {
    id: row.id,
    actionId: row.action_id,
    actionTitle: row.action_title,
    service: row.service,
    environment: row.environment,
    // Written by the runs service as JSON.stringify of the validated inputs object.
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    // Written only from RUN_STATES by the runs service and worker.
    state: row.state as RunState,
    requestedBy: { id: row.requested_by_id, name: row.requested_by_name },
    approvalRequired: row.approval_required === 1,
    decision:
      row.decided_by_id !== null && row.decided_at !== null
        ? {
            by: { id: row.decided_by_id, name: row.decided_by_name ?? row.decided_by_id },
            comment: row.decision_comment ?? '',
            at: row.decided_at,
          }
        : null,
    // Both written as JSON.stringify of these exact shapes.
    warnings: JSON.parse(row.warnings) as string[],
    links: JSON.parse(row.links) as Run['links'],
    message: row.message,
    changeId: row.change_id,
    timeoutSeconds: row.timeout_seconds,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    incidentId: row.incident_id,
  };
}
