import { Link } from 'react-router';
import type { Impact } from '../../api/incident-types.ts';
import { formatCount, formatMs, formatShare } from '../../lib/format.ts';

/** Who is hurt: the one-line summary, entry points, failed requests, SLO budget and RED deltas. */
export function ImpactCard({ impact }: { impact: Impact }) {
  return (
    <section className="card context-card" aria-labelledby="ctx-impact">
      <h2 id="ctx-impact">Impact</h2>
      <p className="impact-summary">{impact.summary}</p>
      <dl className="facts">
        <dt>Entry points</dt>
        <dd>{impact.entryPoints.length ? impact.entryPoints.join(', ') : '—'}</dd>
        <dt>Failed requests</dt>
        <dd>{formatCount(impact.requestsAffected)} at the entry points since onset</dd>
        <dt>Error budget</dt>
        <dd>
          {impact.sloBudgetBurned.length === 0 ? (
            <span className="muted">No objective burned</span>
          ) : (
            <ul className="plain-list">
              {impact.sloBudgetBurned.map((burn) => (
                <li key={`${burn.service}:${burn.objective}`}>
                  {burn.service} {burn.objective}: <strong>{burn.percentBurned.toFixed(1)}%</strong> of the
                  30-day budget ({formatCount(burn.badEvents)} bad requests)
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {!impact.telemetry ? (
        <p className="muted">No requests of these services are stored around the onset.</p>
      ) : impact.services.length === 0 ? (
        <p className="muted">No service left its error-rate or latency baseline.</p>
      ) : (
        <table className="table table-compact">
          <caption className="visually-hidden">Affected services</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Errors before → now</th>
              <th scope="col">p99 before → now</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {impact.services.map((s) => (
              <tr key={s.service}>
                <th scope="row">
                  <Link to={`/services/${encodeURIComponent(s.service)}`}>{s.service}</Link>
                  {s.userFacing ? <span className="badge badge-status">user-facing</span> : null}
                </th>
                <td>
                  {formatShare(s.errorRate.baseline)} → <strong>{formatShare(s.errorRate.current)}</strong>
                </td>
                <td>
                  {formatMs(s.p99Ms.baseline)} → <strong>{formatMs(s.p99Ms.current)}</strong>
                </td>
                <td>
                  {formatCount(s.errors)} of {formatCount(s.requests)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
