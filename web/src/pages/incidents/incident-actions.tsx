import { Link } from 'react-router';
import type { ActionList, ActionSummary, Run } from '../../api/contracts.ts';
import type { Rollback } from '../../api/incident-types.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { runFormPath } from '../actions/action-form.ts';
import { RunsTable } from '../actions/runs-table.tsx';

/**
 * The action that carries out an incident's proposed rollback: the one with id `rollback`, else
 * the first service action whose id or title says roll back. The fix names no action, so the page
 * finds it among the loaded actions.
 */
export function rollbackActionOf(actions: ActionSummary[]): ActionSummary | null {
  const forService = actions.filter((a) => a.target === 'service');
  return (
    forService.find((a) => a.id === 'rollback') ??
    forService.find((a) => /roll[\s-]?back/i.test(`${a.id} ${a.title}`)) ??
    null
  );
}

/**
 * "Roll back payment to 1.3.2": opens the rollback action's run form, prefilled and naming the
 * incident, so the run it starts is linked to it (its state changes land on the timeline).
 */
export function RollbackButton({ rollback, incidentId }: { rollback: Rollback; incidentId?: string }) {
  const actions = useApiQuery<ActionList>('/api/v1/actions');
  if (!actions.data) return null;
  const action = rollbackActionOf(actions.data.items);
  if (!action) {
    return <p className="muted">No rollback action is defined; roll back with your deploy tool.</p>;
  }
  return (
    <p>
      <Link
        className="button button-primary"
        to={runFormPath(action.id, {
          service: rollback.service,
          version: rollback.toVersion,
          incident: incidentId,
        })}
      >
        Roll back {rollback.service} to {rollback.toVersion}
      </Link>
    </p>
  );
}

/**
 * Runs of actions on the incident's services since shortly before it started, other than those
 * started from the incident (IncidentLinkedRuns lists those).
 */
export function IncidentRuns({
  incidentId,
  services,
  startedAt,
}: {
  incidentId?: string;
  services: string[];
  startedAt: string;
}) {
  const runs = useApiQuery<ItemList<Run>>('/api/v1/runs?limit=100');
  if (!runs.data) return null;
  const since = Date.parse(startedAt) - 3_600_000;
  const related = runs.data.items.filter(
    (run) =>
      run.service !== null &&
      services.includes(run.service) &&
      Date.parse(run.createdAt) >= since &&
      (incidentId === undefined || run.incidentId !== incidentId),
  );
  if (related.length === 0) return null;
  return (
    <section aria-label="Action runs">
      <h2 className="section-heading">Other action runs on these services</h2>
      <RunsTable runs={related} caption="Runs on the incident's services" />
      <p className="muted">
        <Link to="/approvals">Approvals</Link>
      </p>
    </section>
  );
}
