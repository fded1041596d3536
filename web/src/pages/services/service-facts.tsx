import { Link } from 'react-router';
import type { ServiceDetail } from '../../api/contracts.ts';
import { useManagedBy } from '../../api/managed-by.ts';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';

/**
 * The line under a service's title: description, owner, system, tier, lifecycle, where it is
 * known from and, when a catalog source owns it, "Managed in git" with a link to its descriptor
 * (the service is edited there, not here), then its links.
 */
export function ServiceFacts({
  name,
  service,
  missing,
}: {
  name: string;
  service: ServiceDetail | null;
  missing: boolean;
}) {
  // Only a declared service has a descriptor file; one seen only in telemetry asks for nothing.
  const managedBy = useManagedBy('component', service && service.source !== 'telemetry' ? name : null);
  if (!service) {
    return (
      <span className="meta-line">
        <span className="mono">{name}</span>
        {missing ? <span className="muted">Not declared in the catalog; seen in telemetry.</span> : null}
      </span>
    );
  }
  return (
    <span className="meta-line">
      {service.description ? <span>{service.description}</span> : null}
      <span>
        Owner:{' '}
        {service.owner ? (
          <Link to={`/services?owner=${encodeURIComponent(service.owner)}`}>{service.owner}</Link>
        ) : (
          '—'
        )}
      </span>
      {service.system ? <span>System: {service.system}</span> : null}
      {service.tier ? <span>Tier: {service.tier}</span> : null}
      {service.lifecycle ? <StatusBadge status={service.lifecycle} /> : null}
      <span className="badge">{service.source}</span>
      <ManagedByBadge managedBy={managedBy} />
      {service.links.map((link) => (
        <a key={link.url} href={link.url}>
          {link.title ?? link.url}
        </a>
      ))}
    </span>
  );
}
