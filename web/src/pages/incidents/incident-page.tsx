import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import type { Incident } from '../../api/contracts.ts';
import { readContext } from '../../api/incident-types.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { IncidentRuns } from './incident-actions.tsx';
import { IncidentActivity } from './incident-activity.tsx';
import { IncidentContextView } from './incident-context.tsx';
import { IncidentLinkedRuns } from './incident-linked-runs.tsx';
import { IncidentRunbooksPanel } from './runbook-panel.tsx';

/** How often an incident whose context is still being computed is fetched again. */
const CONTEXT_POLL_MS = 5000;

/**
 * One incident, context first: what changed, impact, fix, evidence; then its alerts and timeline.
 * Acknowledge and Resolve post to the API and show the updated incident.
 */
export function IncidentPage() {
  const { id = '' } = useParams();
  const query = useApiQuery<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`, {
    keepPrevious: true,
    // The context engine answers within seconds of the incident opening; until then, look again.
    pollMs: CONTEXT_POLL_MS,
    pollWhile: (incident) => incident !== undefined && incident.context === null,
  });
  return (
    <ApiView
      query={query}
      errorTitle="Could not load this incident"
      rows={8}
      notFound={() => (
        <>
          <PageHeader title="Incident not found" />
          <EmptyState title={`No incident “${id}”`}>
            <p>
              It may have been removed, or the link is wrong. <Link to="/incidents">See all incidents</Link>.
            </p>
          </EmptyState>
        </>
      )}
    >
      {(incident) => <IncidentView incident={incident} />}
    </ApiView>
  );
}

type IncidentAction = 'acknowledge' | 'resolve';

function IncidentView({ incident }: { incident: Incident }) {
  // The incident, the lists that show it and the alerts it holds are fetched again after a change.
  const change = useApiMutation<IncidentAction, unknown>({
    request: (action) =>
      apiFetch(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${action}`, {
        method: 'POST',
        body: '{}',
      }),
    invalidates: ['/api/v1/incidents', '/api/v1/alerts'],
  });
  const busy = change.isPending ? change.variables : null;
  const error = change.error;
  const act = (action: IncidentAction) => change.mutate(action);

  return (
    <article className="incident">
      <PageHeader
        title={incident.title}
        description={
          <span className="meta-line">
            <StatusBadge status={incident.status} />
            <StatusBadge status={incident.severity} />
            <span>
              Started <Time value={incident.startedAt} />
            </span>
            {incident.acknowledgedAt ? (
              <span>
                Acknowledged <Time value={incident.acknowledgedAt} />
              </span>
            ) : null}
            {incident.resolvedAt ? (
              <span>
                Resolved <Time value={incident.resolvedAt} />
              </span>
            ) : null}
            <span>
              Services:{' '}
              {incident.services.map((s, i) => (
                <span key={s}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/services/${encodeURIComponent(s)}`}>{s}</Link>
                </span>
              ))}
            </span>
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="button"
              disabled={incident.status !== 'open' || busy !== null}
              onClick={() => act('acknowledge')}
            >
              {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={incident.status === 'resolved' || busy !== null}
              onClick={() => act('resolve')}
            >
              {busy === 'resolve' ? 'Resolving…' : 'Resolve'}
            </button>
          </>
        }
      />
      {error ? <ErrorPanel title="The incident was not updated" error={error} /> : null}
      <IncidentContextView reading={readContext(incident.context)} incidentId={incident.id} />
      <IncidentLinkedRuns incidentId={incident.id} />
      <IncidentRunbooksPanel incidentId={incident.id} />
      <IncidentRuns incidentId={incident.id} services={incident.services} startedAt={incident.startedAt} />
      <IncidentActivity alerts={incident.alerts} timeline={incident.timeline} />
    </article>
  );
}
