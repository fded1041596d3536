import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function LogsPage() {
  return (
    <>
      <PageHeader title="Logs" description="Search logs across services, by text, severity and trace." />
      <EmptyState title="No logs yet">
        <p>
          Send logs with OpenTelemetry to Cairn's OTLP endpoint (<code>/v1/logs</code>), for example from an
          OpenTelemetry Collector with an <code>otlphttp</code> exporter and an <code>ingest</code> token.
          They appear here, linked to their traces.
        </p>
      </EmptyState>
    </>
  );
}
