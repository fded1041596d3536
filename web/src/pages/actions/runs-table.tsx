import { Link } from 'react-router';
import type { Run } from '../../api/contracts.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';

/** Runs, newest first, each linking to its run page. */
export function RunsTable({ runs, caption }: { runs: Run[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Action</th>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Time value={run.createdAt} />
              </td>
              <th scope="row">
                <Link to={`/runs/${encodeURIComponent(run.id)}`}>{run.actionTitle}</Link>
              </th>
              <td>{run.service ?? '—'}</td>
              <td>
                <StatusBadge status={run.state} />
              </td>
              <td>{run.requestedBy.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
