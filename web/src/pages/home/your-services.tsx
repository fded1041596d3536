import { Link } from 'react-router';
import type { ServiceSummary } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiView } from '../../components/api-view.tsx';

/**
 * The services the signed-in person's teams own (catalog `spec.owner`): theirs to operate. Shown
 * on Home for people in at least one team.
 */
export function YourServices() {
  const me = useMe();
  const teams = me.status === 'ok' ? me.data.teams : [];
  const services = useApiQuery<ItemList<ServiceSummary>>(teams.length > 0 ? '/api/v1/services' : null);
  if (me.status !== 'ok' || teams.length === 0) return null;
  return (
    <section aria-labelledby="home-yours">
      <h2 id="home-yours" className="section-heading">
        Your services
      </h2>
      <p className="muted">
        Owned by {teams.join(', ')} in the catalog: you may operate them (silence their alerts, acknowledge
        their incidents). Other teams' services are read-only for you.
      </p>
      <ApiView query={services} errorTitle="Could not load your services" rows={4}>
        {(data) => {
          const mine = data.items.filter(
            (service) => service.owner !== null && teams.includes(service.owner),
          );
          if (mine.length === 0)
            return <p className="muted">Your teams own no service in the catalog yet.</p>;
          return (
            <ul className="your-services" aria-label="Your services">
              {mine.map((service) => (
                <li key={service.name}>
                  <Link to={`/services/${encodeURIComponent(service.name)}`}>
                    {service.title ?? service.name}
                  </Link>{' '}
                  <span className="muted">{service.owner}</span>
                </li>
              ))}
            </ul>
          );
        }}
      </ApiView>
    </section>
  );
}
