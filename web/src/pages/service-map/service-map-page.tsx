import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function ServiceMapPage() {
  return (
    <>
      <PageHeader title="Service map" description="Who calls whom, with request rates, errors and latency." />
      <EmptyState title="No service map yet">
        <p>
          The map is drawn from traces: send OpenTelemetry traces to Cairn's OTLP endpoint (
          <code>/v1/traces</code>) and the calls between your services, databases and external peers appear
          here, merged with the dependencies declared in your catalog.
        </p>
      </EmptyState>
    </>
  );
}
