import { Link } from 'react-router';
import type { ContextReading, IncidentContext, RootCauseService, Suspect } from '../../api/incident-types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { EvidenceCard } from './context-evidence-card.tsx';
import { FixCard } from './context-fix-card.tsx';
import { ImpactCard } from './context-impact-card.tsx';

/** The answer to the page: what changed, the impact, the fix and the evidence, in that order. */
export function IncidentContextView({
  reading,
  incidentId,
}: {
  reading: ContextReading;
  incidentId?: string;
}) {
  if (reading.state !== 'ready') {
    return (
      <section className="card" aria-labelledby="ctx-pending">
        <h2 id="ctx-pending">Context</h2>
        <p className="muted">
          {reading.state === 'pending'
            ? 'Cairn is still gathering what changed, the impact and the fix for this incident.'
            : 'The stored context of this incident was written by an older Cairn and cannot be shown.'}
        </p>
      </section>
    );
  }
  const { context } = reading;
  return (
    <div className="context-grid">
      <Suspects context={context} />
      <ImpactCard impact={context.impact} />
      <FixCard fix={context.fix} {...(incidentId ? { incidentId } : {})} />
      <EvidenceCard evidence={context.evidence} />
    </div>
  );
}

/** "deploy of payments 2.3.9 → 2.4.0": what a responder recognises in one glance. */
export function suspectTitle({ change }: Suspect): string {
  const versions = change.version
    ? ` ${change.previousVersion ? `${change.previousVersion} → ` : ''}${change.version}`
    : '';
  return `${change.kind} of ${change.service ?? 'all services'}${versions}`;
}

function Suspects({ context }: { context: IncidentContext }) {
  // The engine ranks suspects; the sort keeps the page right even if an older snapshot did not.
  const ranked = [...context.suspects].sort((a, b) => b.score - a.score);
  return (
    <section className="card context-card context-wide" aria-labelledby="ctx-changed">
      <div className="card-head">
        <h2 id="ctx-changed">What changed</h2>
        <span className="muted">
          {context.snapshot ? 'Frozen when resolved' : 'Computed'} <Time value={context.computedAt} />
        </span>
      </div>
      {ranked.length === 0 ? (
        <p className="muted">
          No changes on these services or their dependencies in the look-back window before the incident
          started.
        </p>
      ) : (
        <ol className="suspects" aria-label="Suspect changes, most likely first">
          {ranked.map((suspect, index) => (
            <SuspectItem key={suspect.change.id} suspect={suspect} rank={index + 1} />
          ))}
        </ol>
      )}
      <RootCauses roots={context.rootCauseServices} />
    </section>
  );
}

function SuspectItem({ suspect, rank }: { suspect: Suspect; rank: number }) {
  const { change } = suspect;
  return (
    <li className="suspect">
      <div className="suspect-head">
        <span className="suspect-rank">#{rank}</span>
        <strong className="suspect-title">{suspectTitle(suspect)}</strong>
        <span className="suspect-score" title="Suspicion score, 0 to 1">
          score {suspect.score.toFixed(2)}
        </span>
        <StatusBadge status={change.status} />
        <span className="muted">
          <Time value={change.at} />
        </span>
        {change.author ? <span className="muted">by {change.author}</span> : null}
        {change.url ? (
          <a href={change.url} target="_blank" rel="noreferrer">
            {change.source}
          </a>
        ) : (
          <span className="muted">via {change.source}</span>
        )}
      </div>
      {change.description ? <p className="suspect-description">{change.description}</p> : null}
      <ul className="reasons">
        {suspect.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </li>
  );
}

function RootCauses({ roots }: { roots: RootCauseService[] }) {
  if (roots.length === 0) return null;
  return (
    <>
      <h3 className="subheading">Likely origin</h3>
      <ol className="root-causes" aria-label="Root-cause services, most likely first">
        {roots.map((root) => (
          <li key={root.service}>
            <Link to={`/services/${encodeURIComponent(root.service)}`}>{root.service}</Link>{' '}
            <span className="suspect-score">score {root.score.toFixed(2)}</span>
            {root.reasons.length > 0 ? <span className="muted"> — {root.reasons.join('; ')}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
