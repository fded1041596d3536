import { Link } from 'react-router';
import type { PolicyViolation } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Time } from '../../components/time.tsx';

/** Open policy violations of one team's services (or every team's), with the policy's fix. */
export function ViolationsTable({ team }: { team: string }) {
  const path = `/api/v1/policy/violations?open=true${team ? `&team=${encodeURIComponent(team)}` : ''}`;
  const query = useApiQuery<{ items: PolicyViolation[] }>(path);
  return (
    <ApiView query={query} errorTitle="Could not load the policy violations" rows={3}>
      {({ items }) =>
        items.length === 0 ? (
          <EmptyState title="No open violation">
            <p>Resources reviewed at admission pass every policy{team ? ` for ${team}` : ''}.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Open policy violations</caption>
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Service</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Message</th>
                  <th scope="col">How to fix</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={v.id}>
                    <td>
                      {v.resource.kind} {v.resource.namespace ? `${v.resource.namespace}/` : ''}
                      {v.resource.name}
                    </td>
                    <td>
                      {v.service ? (
                        <Link to={`/services/${encodeURIComponent(v.service)}`}>{v.service}</Link>
                      ) : (
                        <span className="muted">not in the catalog</span>
                      )}
                    </td>
                    <td>
                      {v.policy} <span className="badge">{v.actions.join(', ')}</span>
                    </td>
                    <td>{v.message}</td>
                    <td>{v.fix ?? <span className="muted">the policy says nothing</span>}</td>
                    <td>
                      <Time value={v.firstSeen} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </ApiView>
  );
}
