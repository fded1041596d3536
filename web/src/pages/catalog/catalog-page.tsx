import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CatalogError, ManagedBy, ServiceGraph, ServiceSummary } from '../../api/contracts.ts';
import { useManagedComponents } from '../../api/managed-by.ts';
import { toApiState, useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { HealthBadge } from '../../components/status-badge.tsx';
import { errorShare, formatShare, healthOf } from '../../lib/format.ts';
import { CatalogProblemsBanner } from './catalog-problems.tsx';
import { RefreshCatalogButton } from './refresh-catalog-button.tsx';

const FILTERS = ['owner', 'system', 'tier', 'lifecycle', 'source'] as const;
type FilterKey = (typeof FILTERS)[number];

/** The service catalog: searchable and filterable (all in the URL), with health from the last hour. */
export function CatalogPage() {
  const query = useApiQuery<ItemList<ServiceSummary>>('/api/v1/services');
  const graph = useApiQuery<ServiceGraph>('/api/v1/service-graph');
  const problems = useApiQuery<ItemList<CatalogError>>('/api/v1/catalog/errors', { keepPrevious: true });
  const managed = useManagedComponents();
  const [params, setParams] = useSearchParams();
  const health = useMemo(() => {
    const map = new Map<string, number>();
    for (const n of graph.data?.nodes ?? []) map.set(n.name, errorShare(n.errors, n.calls));
    return map;
  }, [graph.data]);
  const set = (key: string, value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Every service Cairn knows, with its owner, system and tier."
        actions={<RefreshCatalogButton />}
      />
      <CatalogProblemsBanner state={toApiState(problems)} onRetry={() => void problems.refetch()} />
      <ApiView query={query} errorTitle="Could not load the catalog" rows={4}>
        {(data) => {
          if (data.items.length === 0) {
            return (
              <EmptyState title="No services yet">
                <p>
                  Services appear here as soon as they send OpenTelemetry traces or logs (named by their{' '}
                  <code>service.name</code>), or when you declare them in Backstage{' '}
                  <code>catalog-info.yaml</code> files in your Cairn configuration repository.
                </p>
              </EmptyState>
            );
          }
          const search = (params.get('q') ?? '').toLowerCase();
          const shown = data.items.filter(
            (s) =>
              (!search || `${s.name} ${s.title ?? ''}`.toLowerCase().includes(search)) &&
              FILTERS.every((key) => !params.get(key) || (s[key] ?? '') === params.get(key)),
          );
          return (
            <>
              <div className="toolbar filters">
                <label className="inline-field">
                  Search
                  <input
                    type="search"
                    value={params.get('q') ?? ''}
                    onChange={(e) => set('q', e.target.value)}
                  />
                </label>
                {FILTERS.map((key) => (
                  <FilterSelect
                    key={key}
                    name={key}
                    items={data.items}
                    value={params.get(key) ?? ''}
                    onChange={(v) => set(key, v)}
                  />
                ))}
              </div>
              <p className="muted" aria-live="polite">
                {shown.length} of {data.items.length} services
              </p>
              <ServiceTable services={shown} health={health} managed={managed} />
            </>
          );
        }}
      </ApiView>
    </>
  );
}

function FilterSelect(props: {
  name: FilterKey;
  items: ServiceSummary[];
  value: string;
  onChange: (v: string) => void;
}) {
  const values = [
    ...new Set(props.items.map((s) => s[props.name]).filter((v): v is string => Boolean(v))),
  ].sort();
  return (
    <label className="inline-field">
      {props.name[0]?.toUpperCase()}
      {props.name.slice(1)}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function ServiceTable({
  services,
  health,
  managed,
}: {
  services: ServiceSummary[];
  health: Map<string, number>;
  /** Descriptor files by service name: a service managed in git is edited there. */
  managed: ReadonlyMap<string, ManagedBy>;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Services</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Health (1 h)</th>
            <th scope="col">Owner</th>
            <th scope="col">System</th>
            <th scope="col">Tier</th>
            <th scope="col">Lifecycle</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => {
            const share = health.get(service.name);
            return (
              <tr key={service.name}>
                <th scope="row">
                  <Link to={`/services/${encodeURIComponent(service.name)}`}>{service.name}</Link>
                </th>
                <td>
                  {share === undefined ? (
                    <HealthBadge health="unknown" label="no traffic" />
                  ) : (
                    <HealthBadge health={healthOf(share)} label={`${formatShare(share)} errors`} />
                  )}
                </td>
                <td>{service.owner ?? <Missing />}</td>
                <td>{service.system ?? <Missing />}</td>
                <td>{service.tier ?? <Missing />}</td>
                <td>{service.lifecycle ?? <Missing />}</td>
                <td>
                  {service.source} <ManagedByBadge managedBy={managed.get(service.name)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Missing() {
  return (
    <span className="muted" title="Not set">
      —
    </span>
  );
}
