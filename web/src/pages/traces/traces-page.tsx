import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function TracesPage() {
  return (
    <>
      <PageHeader title="Traces" description="Follow a request across services, with the logs it wrote." />
      <EmptyState title="No traces yet">
        <p>
          Instrument your services with an OpenTelemetry SDK and export to Cairn's OTLP endpoint (
          <code>/v1/traces</code>, port 4318 by default) with an <code>ingest</code> token. Traces appear here
          within seconds.
        </p>
      </EmptyState>
    </>
  );
}
