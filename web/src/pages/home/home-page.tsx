import { Link } from 'react-router';
import type { Change, IncidentSummary, NoiseReport, ServiceGraph } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiView } from '../../components/api-view.tsx';
import { ChangesTable } from '../../components/changes-table.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { HealthBadge } from '../../components/status-badge.tsx';
import { errorShare, formatMs, formatShare, healthOf } from '../../lib/format.ts';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, usePinnedWindow } from '../../lib/time-range.ts';
import { NoiseTable } from '../alerts/alert-noise-page.tsx';
import { IncidentTable } from '../incidents/incidents-page.tsx';
import { YourServices } from './your-services.tsx';

const DAY_MS = 24 * 60 * 60_000;

const unavailable = () => <p className="muted">Not available on this server yet.</p>;

/** The landing page: open incidents (paged first), services in trouble, recent changes, noisiest rules. */
export function HomePage() {
  const me = useMe();
  const incidents = useApiQuery<ItemList<IncidentSummary>>(
    withQuery('/api/v1/incidents', { status: 'open' }),
  );
  // Pinned when the page opens: a window rebuilt from the clock on every render is a new URL each
  // time, and each answer would ask for the next one.
  const day = usePinnedWindow(DAY_MS);
  const changes = useApiQuery<ItemList<Change>>(
    withQuery('/api/v1/changes', { ...rangeQuery(day), limit: 8 }),
  );
  const noise = useApiQuery<NoiseReport>('/api/v1/alerts/noise');
  const graph = useApiQuery<ServiceGraph>('/api/v1/service-graph');
  return (
    <>
      <PageHeader
        title="Home"
        description="When a page lands, Cairn answers what changed, what the impact is and what the fix is."
      />
      <YourServices />
      <section aria-labelledby="home-incidents">
        <h2 id="home-incidents" className="section-heading">
          Open incidents
        </h2>
        <ApiView query={incidents} errorTitle="Could not load incidents" notFound={unavailable}>
          {(data) =>
            data.items.length === 0 ? (
              <p className="muted">No open incidents.</p>
            ) : (
              <IncidentTable
                incidents={[...data.items].sort(
                  (a, b) => Number(b.paged ?? false) - Number(a.paged ?? false),
                )}
              />
            )
          }
        </ApiView>
      </section>
      <section aria-labelledby="home-burning">
        <h2 id="home-burning" className="section-heading">
          Services burning error budget (last hour)
        </h2>
        <ApiView query={graph} errorTitle="Could not load service health">
          {(g) => {
            const burning = g.nodes
              .filter((n) => n.kind === 'service' && healthOf(errorShare(n.errors, n.calls)) !== 'ok')
              .sort((a, b) => errorShare(b.errors, b.calls) - errorShare(a.errors, a.calls));
            return burning.length === 0 ? (
              <p className="muted">
                {g.nodes.length === 0 ? 'No traffic yet.' : 'Every service is under 1% errors.'}
              </p>
            ) : (
              <ul className="burning">
                {burning.map((n) => (
                  <li key={n.name}>
                    <Link to={`/services/${encodeURIComponent(n.name)}`}>{n.name}</Link>{' '}
                    <HealthBadge
                      health={healthOf(errorShare(n.errors, n.calls))}
                      label={`${formatShare(errorShare(n.errors, n.calls))} errors`}
                    />{' '}
                    <span className="muted">p99 {formatMs(n.p99Ms)}</span>
                  </li>
                ))}
              </ul>
            );
          }}
        </ApiView>
      </section>
      <section aria-labelledby="home-changes">
        <h2 id="home-changes" className="section-heading">
          Recent changes
        </h2>
        <ApiView query={changes} errorTitle="Could not load changes" notFound={unavailable}>
          {(data) =>
            data.items.length === 0 ? (
              <p className="muted">No changes in the last 24 hours.</p>
            ) : (
              <ChangesTable changes={data.items} />
            )
          }
        </ApiView>
      </section>
      <section aria-labelledby="home-noise">
        <h2 id="home-noise" className="section-heading">
          Noisiest alert rules
        </h2>
        <ApiView query={noise} errorTitle="Could not load alert noise" notFound={unavailable}>
          {(data) =>
            data.items.length === 0 ? (
              <p className="muted">No alerts yet.</p>
            ) : (
              <NoiseTable rules={data.items.slice(0, 5)} />
            )
          }
        </ApiView>
      </section>
      <section className="card" aria-labelledby="getting-started">
        <h2 id="getting-started">
          {me.status === 'ok' ? `Welcome, ${me.data.name}. ` : ''}Connect your sources
        </h2>
        <p>
          Every URL and snippet to paste into your OpenTelemetry SDKs, Prometheus, Alertmanager, GitHub, Argo
          CD and Jenkins is on <Link to="/settings/integrations">Settings → Integrations</Link>. Create tokens
          under <Link to="/settings/tokens">Settings → Tokens</Link>.
        </p>
      </section>
    </>
  );
}
