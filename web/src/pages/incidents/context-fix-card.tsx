import { Link } from 'react-router';
import type { Fix } from '../../api/incident-types.ts';
import { Time } from '../../components/time.tsx';
import { RollbackButton } from './incident-actions.tsx';

/** The way out: the concrete rollback, matching runbooks and how similar incidents ended. */
export function FixCard({ fix, incidentId }: { fix: Fix; incidentId?: string }) {
  const { rollback } = fix;
  return (
    <section className="card context-card" aria-labelledby="ctx-fix">
      <h2 id="ctx-fix">Fix</h2>
      {rollback ? (
        <div className="rollback">
          <p>
            <strong>
              Roll back {rollback.service} from {rollback.fromVersion} to {rollback.toVersion}
            </strong>
          </p>
          <p className="muted">
            {rollback.toVersion} is the version {rollback.service} ran before {rollback.fromVersion}.{' '}
            <Link to={`/changes?service=${encodeURIComponent(rollback.service)}`}>
              Deploy history of {rollback.service}
            </Link>
          </p>
          <RollbackButton rollback={rollback} {...(incidentId ? { incidentId } : {})} />
        </div>
      ) : (
        <p className="muted">No rollback: no deploy is a confident suspect.</p>
      )}
      <h3 className="subheading">Runbooks</h3>
      {fix.runbooks.length ? (
        <ul>
          {fix.runbooks.map((r) => (
            <li key={r.url}>
              <a href={r.url} target="_blank" rel="noreferrer">
                {r.title}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No runbook matches these alerts or services.</p>
      )}
      <h3 className="subheading">Similar incidents</h3>
      {fix.similarIncidents.length ? (
        <ul>
          {fix.similarIncidents.map((s) => (
            <li key={s.id}>
              <Link to={`/incidents/${encodeURIComponent(s.id)}`}>{s.title}</Link>
              {s.resolvedAt ? (
                <span className="muted">
                  {' '}
                  (resolved <Time value={s.resolvedAt} />)
                </span>
              ) : null}
              <span className="muted"> — {s.resolution}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None resolved before.</p>
      )}
    </section>
  );
}
