import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApiError, apiFetch } from '../../api/client.ts';
import type { Incident } from '../../api/contracts.ts';
import { readContext } from '../../api/incident-types.ts';
import { toApiError, useApi } from '../../api/use-api.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { IncidentActivity } from './incident-activity.tsx';
import { IncidentContextView } from './incident-context.tsx';

/**
 * One incident, context first: what changed, impact, fix, evidence; then its alerts and timeline.
 * Acknowledge and Resolve post to the API and show the updated incident.
 */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { state, reload } = useApi<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`, {
    keepPrevious: true,
  });
  return (
    <ApiView
      state={state}
      reload={reload}
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
      {(incident) => <IncidentView incident={incident} onChanged={reload} />}
    </ApiView>
  );
}

function IncidentView({ incident, onChanged }: { incident: Incident; onChanged: () => void }) {
  const [busy, setBusy] = useState<'acknowledge' | 'resolve' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const act = async (action: 'acknowledge' | 'resolve') => {
    setBusy(action);
    setError(null);
    try {
      await apiFetch(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${action}`, {
        method: 'POST',
        body: '{}',
      });
      onChanged();
    } catch (cause) {
      setError(toApiError(cause));
    } finally {
      setBusy(null);
    }
  };

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
              onClick={() => void act('acknowledge')}
            >
              {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={incident.status === 'resolved' || busy !== null}
              onClick={() => void act('resolve')}
            >
              {busy === 'resolve' ? 'Resolving…' : 'Resolve'}
            </button>
          </>
        }
      />
      {error ? <ErrorPanel title="The incident was not updated" error={error} /> : null}
      <IncidentContextView reading={readContext(incident.context)} />
      <IncidentActivity alerts={incident.alerts} timeline={incident.timeline} />
    </article>
  );
}
