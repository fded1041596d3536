import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Alert, IncidentSummary } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { StatusFilter, useStatusParam } from '../../components/status-filter.tsx';
import { Time } from '../../components/time.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { AlertsTabs } from './alerts-tabs.tsx';
import { silenceLinkFor } from './silence-draft.ts';

const STATUS_FILTERS = [
  { key: '', label: 'All' },
  { key: 'firing', label: 'Firing' },
  { key: 'resolved', label: 'Resolved' },
] as const;

function NoAlerts({ filtered }: { filtered: boolean }) {
  return (
    <EmptyState title={filtered ? 'No alerts with this status' : 'No alerts yet'}>
      <p>
        Alerts arrive from Alertmanager at <code>/api/v1/integrations/alertmanager</code> and from Cairn’s own
        SLO burn-rate rules. Each one is kept in its latest state, with the incident it joined.
      </p>
    </EmptyState>
  );
}

/** Alerts in their latest state, filterable by status (in the URL), with flapping and incident. */
export function AlertsPage() {
  const status = useStatusParam();
  const query = useApiQuery<ItemList<Alert>>(withQuery('/api/v1/alerts', { status }), {
    keepPrevious: true,
  });
  // Incident titles for the "Incident" column; the column falls back to the id while they load.
  const incidents = useApiQuery<ItemList<IncidentSummary>>('/api/v1/incidents?limit=500');
  const titles = useMemo(() => {
    const map = new Map<string, string>();
    for (const i of incidents.data?.items ?? []) map.set(i.id, i.title);
    return map;
  }, [incidents.data]);
  return (
    <>
      <PageHeader title="Alerts" description="Every alert Cairn received, in its latest state." />
      <AlertsTabs />
      <StatusFilter options={STATUS_FILTERS} />
      <ApiView query={query} errorTitle="Could not load alerts" rows={5}>
        {(data) =>
          data.items.length === 0 ? (
            <NoAlerts filtered={status !== ''} />
          ) : (
            <AlertTable alerts={data.items} incidentTitles={titles} />
          )
        }
      </ApiView>
    </>
  );
}

function AlertTable({ alerts, incidentTitles }: { alerts: Alert[]; incidentTitles: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Alerts, most recently changed first</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Status</th>
            <th scope="col">Severity</th>
            <th scope="col">Service</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Fired</th>
            <th scope="col">Incident</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.id}>
              <th scope="row" title={labelText(alert.labels)}>
                {alert.rule}
                {alert.flapping ? (
                  <span
                    className="badge badge-flapping"
                    title="Changing state often: notifications held back"
                  >
                    flapping
                  </span>
                ) : null}
                {alert.silencedBy ? (
                  <Link className="badge badge-silenced" to="/alerts/silences?show=all">
                    silenced
                  </Link>
                ) : null}
              </th>
              <td>
                <StatusBadge status={alert.status} />
              </td>
              <td>
                <StatusBadge status={alert.severity} />
              </td>
              <td>
                {alert.service ? (
                  <Link to={`/services/${encodeURIComponent(alert.service)}`}>{alert.service}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="nowrap">
                <Time value={alert.startsAt} />
              </td>
              <td className="nowrap">
                {alert.endsAt ? <Time value={alert.endsAt} /> : <span className="muted">—</span>}
              </td>
              <td>{alert.occurrences}</td>
              <td>
                {alert.incidentId ? (
                  <Link to={`/incidents/${encodeURIComponent(alert.incidentId)}`}>
                    {incidentTitles.get(alert.incidentId) ?? alert.incidentId}
                  </Link>
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
              <td className="cell-actions">
                {alert.status === 'firing' && !alert.silencedBy ? (
                  <Link
                    className="button button-small"
                    to={silenceLinkFor(alert)}
                    aria-label={`Silence ${alert.rule}`}
                  >
                    Silence
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}
