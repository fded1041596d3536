import { Link } from 'react-router';
import type { IncidentSummary } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { StatusFilter, useStatusParam } from '../../components/status-filter.tsx';
import { Time } from '../../components/time.tsx';
import { withQuery } from '../../lib/query-string.ts';

const STATUS_FILTERS = [
  { key: '', label: 'All' },
  { key: 'open', label: 'Open' },
  { key: 'acknowledged', label: 'Acknowledged' },
  { key: 'resolved', label: 'Resolved' },
] as const;

/** Explains where incidents come from; shown when there are none, or the server has no incidents API. */
export function NoIncidents() {
  return (
    <EmptyState title="No incidents yet">
      <p>
        Point Alertmanager at <code>/api/v1/integrations/alertmanager</code> (a webhook receiver with a Cairn
        token) and firing alerts are grouped into incidents here, each with its suspects and evidence.
      </p>
    </EmptyState>
  );
}

/** Incidents, newest first, filterable by status (in the URL). Refreshes every 30 s. */
export function IncidentsPage() {
  const status = useStatusParam();
  const query = useApiQuery<ItemList<IncidentSummary>>(withQuery('/api/v1/incidents', { status }), {
    keepPrevious: true,
    pollMs: 30_000,
  });
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Related alerts grouped into incidents, with what changed, the impact and the likely fix."
      />
      <StatusFilter options={STATUS_FILTERS} />
      <ApiView query={query} errorTitle="Could not load incidents" rows={5} notFound={() => <NoIncidents />}>
        {(data) => (data.items.length === 0 ? <NoIncidents /> : <IncidentTable incidents={data.items} />)}
      </ApiView>
    </>
  );
}

/** The incidents table; also used on Home for the open ones. */
export function IncidentTable({ incidents }: { incidents: IncidentSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Incidents</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Status</th>
            <th scope="col">Severity</th>
            <th scope="col">Services</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id}>
              <th scope="row">
                <Link to={`/incidents/${encodeURIComponent(incident.id)}`}>{incident.title}</Link>
                {incident.paged ? <span className="badge badge-paged">paged</span> : null}
              </th>
              <td>
                <StatusBadge status={incident.status} />
              </td>
              <td>
                <StatusBadge status={incident.severity} />
              </td>
              <td>{incident.services.join(', ')}</td>
              <td>
                <Time value={incident.startedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
