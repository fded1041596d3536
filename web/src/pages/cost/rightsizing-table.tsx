import { Link } from 'react-router';
import type { Recommendation, RightsizingResponse } from '../../api/contracts.ts';
import { runFormPath } from '../actions/action-form.ts';
import { formatBytes, formatCores, formatUsd } from './cost-format.ts';

/**
 * Opens the recommendation's action (cost.rightsizingAction) prefilled with the recommended values;
 * the run form then applies the action's guardrails (approval, rules, freezes) like any run.
 */
function ApplyLink({ recommendation }: { recommendation: Recommendation }) {
  const action = recommendation.action;
  if (!action) return null;
  const prefill: Record<string, string | number> = { service: action.service };
  for (const [key, value] of Object.entries(action.inputs))
    if (typeof value === 'string' || typeof value === 'number') prefill[key] = value;
  return (
    <Link className="button" to={runFormPath(action.id, prefill)}>
      Apply…
    </Link>
  );
}

/** Recommended requests by the VPA method, largest saving first; warnings where a cut was held back. */
export function RightsizingTable({ response }: { response: RightsizingResponse }) {
  if (response.recommendations.length === 0)
    return <p className="muted">No container has usage to size yet.</p>;
  return (
    <>
      <p>
        Possible saving: <strong>{formatUsd(response.totalMonthlySavingUsd)}</strong> a month at the
        configured prices.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="rightsizing-table">
          <thead>
            <tr>
              <th>Workload</th>
              <th>Team</th>
              <th>CPU request</th>
              <th>Memory request</th>
              <th>Saving / month</th>
              <th>Notes</th>
              <th>Apply</th>
            </tr>
          </thead>
          <tbody>
            {response.recommendations.map((r) => (
              <tr key={`${r.namespace}/${r.workload}/${r.container}`}>
                <td>
                  {r.namespace}/{r.workload}
                  {r.container !== r.workload ? ` (${r.container})` : ''}
                </td>
                <td>{r.team ?? '—'}</td>
                <td>
                  {formatCores(r.current.cpuCores)} → <strong>{formatCores(r.recommended.cpuCores)}</strong>
                  <div className="muted">p90 use {formatCores(r.usage.cpuP90Cores)}</div>
                </td>
                <td>
                  {formatBytes(r.current.memoryBytes)} →{' '}
                  <strong>{formatBytes(r.recommended.memoryBytes)}</strong>
                  <div className="muted">peak {formatBytes(r.usage.memoryPeakBytes)}</div>
                </td>
                <td>{formatUsd(r.monthlySavingUsd)}</td>
                <td>
                  {r.warnings.length === 0 ? null : (
                    <ul className="text-danger">
                      {r.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <ApplyLink recommendation={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
