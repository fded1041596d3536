import type { ItemList, Service } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { LoadingBlock } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/** The service catalog: every service Cairn knows, declared or discovered. */
export function CatalogPage() {
  const { state, reload } = useApi<ItemList<Service>>('/api/v1/services');
  return (
    <>
      <PageHeader title="Catalog" description="Every service Cairn knows, with its owner, system and tier." />
      {state.status === 'loading' ? <LoadingBlock rows={4} /> : null}
      {state.status === 'error' ? (
        <ErrorPanel title="Could not load the catalog" error={state.error} onRetry={reload} />
      ) : null}
      {state.status === 'ok' && state.data.items.length === 0 ? (
        <EmptyState title="No services yet">
          <p>
            Services appear here as soon as they send OpenTelemetry traces or logs (named by their{' '}
            <code>service.name</code>), or when you declare them in Backstage <code>catalog-info.yaml</code>{' '}
            files in your Cairn configuration repository.
          </p>
        </EmptyState>
      ) : null}
      {state.status === 'ok' && state.data.items.length > 0 ? (
        <ServiceTable services={state.data.items} />
      ) : null}
    </>
  );
}

function ServiceTable({ services }: { services: Service[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Services</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Owner</th>
            <th scope="col">System</th>
            <th scope="col">Tier</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.name}>
              <th scope="row">{service.name}</th>
              <td>{service.owner ?? <Missing />}</td>
              <td>{service.system ?? <Missing />}</td>
              <td>{service.tier ?? <Missing />}</td>
            </tr>
          ))}
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
