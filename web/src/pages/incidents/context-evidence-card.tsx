import { Link } from 'react-router';
import type { ContextEvidence } from '../../api/incident-types.ts';
import { Time } from '../../components/time.tsx';

/** What the ranking rests on: failing traces, error messages across onset and the windows used. */
export function EvidenceCard({ evidence }: { evidence: ContextEvidence }) {
  const { windows } = evidence;
  // Contexts stored before the field existed are served as stored, without it.
  const excluded = windows.baselineExcluded ?? [];
  return (
    <section className="card context-card context-wide" aria-labelledby="ctx-evidence">
      <h2 id="ctx-evidence">Evidence</h2>
      <p>{evidence.summary}</p>
      <h3 className="subheading">Failing traces</h3>
      {evidence.exemplarTraceIds.length ? (
        <ul className="evidence-traces" aria-label="Failing traces">
          {evidence.exemplarTraceIds.map((traceId) => (
            <li key={traceId}>
              <Link to={`/traces/${encodeURIComponent(traceId)}`} className="mono">
                {traceId}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No failing traces in the window.</p>
      )}
      <h3 className="subheading">Error messages</h3>
      {evidence.topErrorTemplates.length ? (
        <table className="table table-compact">
          <caption className="visually-hidden">Error messages before and after the onset</caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Service</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {evidence.topErrorTemplates.map((m) => (
              <tr key={`${m.service}:${m.template}`}>
                <td className="mono" title={`Example: ${m.example}`}>
                  {m.template}
                </td>
                <td>{m.service}</td>
                <td>{m.before}</td>
                <td>
                  <strong>{m.after}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No error messages rose after the onset.</p>
      )}
      <p className="muted windows">
        Onset <Time value={windows.onset} />. Baseline <Time value={windows.baseline.from} /> to{' '}
        <Time value={windows.baseline.to} />; compared with <Time value={windows.after.from} /> to{' '}
        <Time value={windows.after.to} />; changes searched from <Time value={windows.changes.from} />.
      </p>
      {excluded.length > 0 && (
        <p className="muted windows" data-testid="baseline-excluded">
          Left out of the baseline, while earlier incidents on these services were open:{' '}
          {excluded.map((range, i) => (
            <span key={range.from}>
              {i > 0 && ', '}
              <Time value={range.from} /> to <Time value={range.to} />
            </span>
          ))}
          .
        </p>
      )}
    </section>
  );
}
