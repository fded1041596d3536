import { Link } from 'react-router';
import type { Change } from '../api/contracts.ts';
import { StatusBadge } from './status-badge.tsx';
import { Time } from './time.tsx';

/** Changes, newest first: when, what, which version, who, from where. */
export function ChangesTable({ changes, showService = true }: { changes: Change[]; showService?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Changes</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showService ? <th scope="col">Service</th> : null}
            <th scope="col">Kind</th>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Author</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.id}>
              <td>
                <Time value={change.at} />
              </td>
              {showService ? (
                <th scope="row">
                  {change.service ? (
                    <Link to={`/services/${encodeURIComponent(change.service)}`}>{change.service}</Link>
                  ) : (
                    <span className="muted" title="Not matched to a known service">
                      {change.sourceRef ?? 'unmapped'}
                    </span>
                  )}
                </th>
              ) : null}
              <td>{change.kind}</td>
              <td className="mono" title={change.description ?? undefined}>
                {change.previousVersion ? `${change.previousVersion} → ` : ''}
                {change.version ?? change.revision?.slice(0, 10) ?? '—'}
              </td>
              <td>
                <StatusBadge status={change.status} />
              </td>
              <td>{change.author ?? '—'}</td>
              <td>{change.url ? <a href={change.url}>{change.source}</a> : change.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
