import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Run } from '../../api/contracts.ts';
import { isUnderPath, useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';

/** How often the runs are fetched again while one of them has not ended. */
export const LINKED_RUNS_POLL_MS = 3000;

const ENDED: readonly Run['state'][] = ['succeeded', 'failed', 'cancelled', 'declined', 'timed_out'];

/** Whether any run is still moving (queued, waiting for approval or running). */
export function anyRunActive(runs: readonly Run[] | undefined): boolean {
  return (runs ?? []).some((run) => !ENDED.includes(run.state));
}

/**
 * The action runs started from this incident (`GET /api/v1/runs?incident=`), each with its live
 * state and how it ended, linking its run page. Polls while a run has not ended; when a run moves,
 * the incident is fetched again so its timeline shows the new entry.
 */
export function IncidentLinkedRuns({
  incidentId,
  pollMs = LINKED_RUNS_POLL_MS,
}: {
  incidentId: string;
  pollMs?: number;
}) {
  const query = useApiQuery<ItemList<Run>>(`/api/v1/runs?incident=${encodeURIComponent(incidentId)}`, {
    pollMs,
    pollWhile: (answer) => anyRunActive(answer?.items),
  });
  useIncidentRefreshOnChange(incidentId, query.data?.items);
  if (query.error)
    return <ErrorPanel title="Could not load the runs started from this incident" error={query.error} />;
  const runs = query.data?.items;
  if (!runs || runs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="incident-linked-runs">
      <h2 id="incident-linked-runs">Runs from this incident</h2>
      <ul className="plain-list">
        {runs.map((run) => (
          <li key={run.id}>
            <Link to={`/runs/${encodeURIComponent(run.id)}`}>
              {run.actionTitle}
              {run.service ? ` on ${run.service}` : ''}
            </Link>{' '}
            <StatusBadge status={run.state} />{' '}
            <span className="muted">
              by {run.requestedBy.name}
              {run.decision
                ? `, ${run.state === 'declined' ? 'declined' : 'approved'} by ${run.decision.by.name}`
                : ''}
              , <Time value={run.createdAt} />
            </span>
            {run.message ? <p className="muted">{run.message}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Marks the incident stale when a linked run changed state, so its timeline catches up. */
function useIncidentRefreshOnChange(incidentId: string, runs: readonly Run[] | undefined) {
  const queryClient = useQueryClient();
  const signature = runs?.map((run) => `${run.id}:${run.state}`).join(',');
  const previous = useRef(signature);
  useEffect(() => {
    if (signature === undefined) return;
    if (previous.current !== undefined && previous.current !== signature) {
      void queryClient.invalidateQueries({
        predicate: (query) =>
          isUnderPath(query.queryKey, `/api/v1/incidents/${encodeURIComponent(incidentId)}`),
      });
    }
    previous.current = signature;
  }, [incidentId, signature, queryClient]);
}
