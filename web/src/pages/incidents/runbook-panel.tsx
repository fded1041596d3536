import { useEffect } from 'react';
import { Link } from 'react-router';
import { useIncidentRunbooks } from '../../api/runbooks.ts';
import { ApiView } from '../../components/api-view.tsx';
import { WalkedRunbookCard } from './runbook-walk-view.tsx';
import './runbook-panel.css';

/**
 * The incident's runbooks: each matching runbook with its decision path walked on the incident's
 * data, then the alerts' own `runbook_url` links that no Cairn runbook covers.
 */
export function IncidentRunbooksPanel({ incidentId }: { incidentId: string }) {
  const query = useIncidentRunbooks(incidentId);
  useScrollToRunbook(query.data !== undefined);
  return (
    <section aria-labelledby="incident-runbooks" className="runbook-panel">
      <h2 id="incident-runbooks" className="section-heading">
        Runbooks
      </h2>
      <ApiView query={query} errorTitle="Could not walk the runbooks" rows={4}>
        {({ items, links }) => (
          <>
            {items.length === 0 ? (
              <p className="muted">
                No runbook matches these alerts or services. <Link to="/runbooks">Runbooks</Link> lists the
                alert rules that most need one.
              </p>
            ) : (
              items.map((match) => (
                <WalkedRunbookCard key={match.runbook.id} incidentId={incidentId} match={match} />
              ))
            )}
            {links.length > 0 ? (
              <>
                <h3 className="subheading">Linked from the alerts</h3>
                <ul>
                  {links.map((link) => (
                    <li key={link.url}>
                      <a href={link.url} target="_blank" rel="noreferrer">
                        {link.url}
                      </a>{' '}
                      <span className="muted">({link.rule})</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </ApiView>
    </section>
  );
}

/**
 * The page sent to Mattermost links `/incidents/{id}#runbook-{id}`; the section appears only once
 * the walk has loaded, after the browser gave up looking for the anchor, so scroll to it then.
 */
function useScrollToRunbook(loaded: boolean) {
  useEffect(() => {
    if (!loaded) return;
    const hash = window.location.hash.slice(1);
    if (!hash.startsWith('runbook-')) return;
    document.getElementById(decodeURIComponent(hash))?.scrollIntoView?.({ block: 'start' });
  }, [loaded]);
}
