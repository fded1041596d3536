import { Link } from 'react-router';
import { useMe } from '../../auth/me-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/** The landing page: how to feed Cairn, one step per source, each linking to where it shows up. */
export function HomePage() {
  const me = useMe();
  const greeting = me.status === 'ok' ? `Welcome, ${me.data.name}` : 'Welcome';
  return (
    <>
      <PageHeader
        title="Home"
        description="When a page lands, Cairn answers what changed, what the impact is and what the fix is."
      />
      <section className="card" aria-labelledby="getting-started">
        <h2 id="getting-started">{greeting}. Connect your sources to get started</h2>
        <ol className="steps">
          <li>
            <strong>Telemetry.</strong> Point your OpenTelemetry SDKs or Collector at Cairn's OTLP/HTTP
            endpoint (port 4318 by default) with an <code>ingest</code> token. Services, the{' '}
            <Link to="/map">service map</Link>, <Link to="/logs">logs</Link> and{' '}
            <Link to="/traces">traces</Link> fill in as data arrives.
          </li>
          <li>
            <strong>Alerts.</strong> Add a webhook receiver in Alertmanager for{' '}
            <code>/api/v1/integrations/alertmanager</code>. Related alerts become{' '}
            <Link to="/incidents">incidents</Link>, and <Link to="/alerts/noise">alert noise</Link> shows
            which rules page for nothing.
          </li>
          <li>
            <strong>Changes.</strong> Send deploys and config changes from GitHub, ArgoCD, Jenkins or{' '}
            <code>POST /api/v1/changes</code>, so <Link to="/changes">changes</Link> line up with incidents.
          </li>
          <li>
            <strong>Access.</strong> Create tokens for people, CI and collectors under{' '}
            <Link to="/settings/tokens">Settings → Tokens</Link>.
          </li>
        </ol>
      </section>
    </>
  );
}
