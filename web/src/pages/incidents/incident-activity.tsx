import type { IncidentAlert, TimelineEntry } from '../../api/contracts.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';

/** The incident's alerts and its timeline, below the context. */
export function IncidentActivity({
  alerts,
  timeline,
}: {
  alerts: IncidentAlert[];
  timeline: TimelineEntry[];
}) {
  return (
    <>
      <h2 className="section-heading">Alerts</h2>
      {alerts.length === 0 ? (
        <p className="muted">No alerts attached.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Alerts in this incident</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Status</th>
                <th scope="col">Service</th>
                <th scope="col">Started</th>
                <th scope="col">Severity</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => (
                <tr key={alert.fingerprint}>
                  <th scope="row">
                    {alert.rule}
                    {alert.flapping ? <span className="badge">flapping</span> : null}
                  </th>
                  <td>
                    <StatusBadge status={alert.status} />
                  </td>
                  <td>{alert.service ?? '—'}</td>
                  <td>
                    <Time value={alert.startsAt} />
                  </td>
                  <td>{alert.severity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="section-heading">Timeline</h2>
      {timeline.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline">
          {timeline.map((entry) => (
            <li key={`${entry.at}-${entry.kind}-${entry.message}`}>
              <Time value={entry.at} /> <strong>{entry.kind}</strong> {entry.message}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
