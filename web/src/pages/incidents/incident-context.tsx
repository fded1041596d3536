import { Link } from 'react-router';
import type { Evidence, Fix, Impact, IncidentContext, Suspect } from '../../api/incident-types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { formatCount, formatMs, formatPercent } from '../../lib/format.ts';

/** The answer to the page: what changed, the impact, the fix and the evidence, in that order. */
export function IncidentContextView({ context }: { context: IncidentContext | null }) {
  if (!context) {
    return (
      <section className="card" aria-labelledby="ctx-pending">
        <h2 id="ctx-pending">Context</h2>
        <p className="muted">
          Cairn is still gathering what changed, the impact and the fix for this incident.
        </p>
      </section>
    );
  }
  return (
    <div className="context-grid">
      <Suspects suspects={context.suspects ?? []} roots={context.rootCauseServices ?? []} />
      <ImpactCard impact={context.impact ?? {}} />
      <FixCard fix={context.fix ?? {}} />
      <EvidenceCard evidence={context.evidence ?? {}} />
    </div>
  );
}

function suspectTitle(suspect: Suspect): string {
  const change = suspect.change;
  if (!change) return suspect.summary ?? suspect.service ?? 'Unknown change';
  const what = [change.kind ?? 'change', change.service ?? suspect.service ?? '']
    .filter(Boolean)
    .join(' of ');
  const version = change.version ? ` to ${change.version}` : '';
  return `${what}${version}`;
}

function Suspects({
  suspects,
  roots,
}: {
  suspects: Suspect[];
  roots: NonNullable<IncidentContext['rootCauseServices']>;
}) {
  const ranked = [...suspects].sort((a, b) => b.score - a.score);
  return (
    <section className="card context-card context-wide" aria-labelledby="ctx-changed">
      <h2 id="ctx-changed">What changed</h2>
      {ranked.length === 0 ? (
        <p className="muted">
          No changes on these services or their dependencies before the incident started.
        </p>
      ) : (
        <ol className="suspects">
          {ranked.map((suspect, index) => (
            <li key={suspect.change?.id ?? `${index}-${suspectTitle(suspect)}`} className="suspect">
              <div className="suspect-head">
                <span className="suspect-rank">#{index + 1}</span>
                <strong className="suspect-title">{suspectTitle(suspect)}</strong>
                <span className="suspect-score" title="Suspicion score, 0 to 1">
                  score {suspect.score.toFixed(2)}
                </span>
                {suspect.change?.status ? <StatusBadge status={suspect.change.status} /> : null}
                {suspect.change?.at ? (
                  <span className="muted">
                    <Time value={suspect.change.at} />
                  </span>
                ) : null}
                {suspect.change?.author ? <span className="muted">by {suspect.change.author}</span> : null}
              </div>
              <ul className="reasons">
                {suspect.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {roots.length > 0 ? (
        <p className="root-causes">
          Likely origin:{' '}
          {roots.map((root, i) => (
            <span key={root.service} title={(root.reasons ?? []).join('; ')}>
              {i > 0 ? ', ' : ''}
              <Link to={`/services/${encodeURIComponent(root.service)}`}>{root.service}</Link> (
              {root.score.toFixed(2)})
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function ImpactCard({ impact }: { impact: Impact }) {
  const services = impact.services ?? [];
  return (
    <section className="card context-card" aria-labelledby="ctx-impact">
      <h2 id="ctx-impact">Impact</h2>
      <dl className="facts">
        <dt>Entry points</dt>
        <dd>{impact.entryPoints?.length ? impact.entryPoints.join(', ') : '—'}</dd>
        <dt>Requests affected</dt>
        <dd>{impact.requestsAffected != null ? formatCount(impact.requestsAffected) : '—'}</dd>
        <dt>Error budget burned</dt>
        <dd>{impact.budgetBurned != null ? formatPercent(impact.budgetBurned) : '—'}</dd>
      </dl>
      {services.length > 0 ? (
        <table className="table table-compact">
          <caption className="visually-hidden">Impacted services</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Errors before → now</th>
              <th scope="col">p99 before → now</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.service}>
                <th scope="row">
                  <Link to={`/services/${encodeURIComponent(s.service)}`}>{s.service}</Link>
                </th>
                <td>
                  {formatPercent(s.errorRateBefore)} → <strong>{formatPercent(s.errorRateNow)}</strong>
                </td>
                <td>
                  {formatMs(s.p99BeforeMs)} → <strong>{formatMs(s.p99NowMs)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function FixCard({ fix }: { fix: Fix }) {
  const rollback = fix.rollback;
  return (
    <section className="card context-card" aria-labelledby="ctx-fix">
      <h2 id="ctx-fix">Fix</h2>
      {rollback ? (
        <p className="rollback">
          <strong>Roll back {rollback.service}</strong>
          {rollback.fromVersion ? ` from ${rollback.fromVersion}` : ''}
          {rollback.toVersion ? ` to ${rollback.toVersion}` : ''}
        </p>
      ) : (
        <p className="muted">No rollback candidate.</p>
      )}
      <h3 className="subheading">Runbooks</h3>
      {fix.runbooks?.length ? (
        <ul>
          {fix.runbooks.map((r) => (
            <li key={r.url ?? r.path ?? r.title}>
              {r.url ? <a href={r.url}>{r.title}</a> : <span>{r.title}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No runbook matches these alerts.</p>
      )}
      <h3 className="subheading">Similar incidents</h3>
      {fix.similarIncidents?.length ? (
        <ul>
          {fix.similarIncidents.map((s) => (
            <li key={s.id}>
              <Link to={`/incidents/${encodeURIComponent(s.id)}`}>{s.title}</Link>
              {s.resolution ? <span className="muted"> — {s.resolution}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None before.</p>
      )}
    </section>
  );
}

function EvidenceCard({ evidence }: { evidence: Evidence }) {
  return (
    <section className="card context-card context-wide" aria-labelledby="ctx-evidence">
      <h2 id="ctx-evidence">Evidence</h2>
      <h3 className="subheading">Failing traces</h3>
      {evidence.traces?.length ? (
        <ul className="evidence-traces">
          {evidence.traces.map((t) => (
            <li key={t.traceId}>
              <Link to={`/traces/${t.traceId}`} className="mono">
                {t.traceId}
              </Link>{' '}
              <span className="muted">
                {[t.service, t.operation].filter(Boolean).join(' · ')}
                {t.durationMs != null ? ` · ${formatMs(t.durationMs)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No failing traces in the window.</p>
      )}
      <h3 className="subheading">Error messages</h3>
      {evidence.errorMessages?.length ? (
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
            {evidence.errorMessages.map((m) => (
              <tr key={`${m.service ?? ''}:${m.message}`}>
                <td className="mono">{m.message}</td>
                <td>{m.service ?? '—'}</td>
                <td>{m.before ?? 0}</td>
                <td>
                  <strong>{m.after ?? 0}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No error messages recorded.</p>
      )}
    </section>
  );
}
