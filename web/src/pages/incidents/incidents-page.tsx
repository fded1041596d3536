import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function IncidentsPage() {
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Related alerts grouped into incidents, with what changed, the impact and the likely fix."
      />
      <EmptyState title="No incidents yet">
        <p>
          Point Alertmanager at <code>/api/v1/integrations/alertmanager</code> (a webhook receiver with a
          Cairn token) and firing alerts are grouped into incidents here, each with its suspects and evidence.
        </p>
      </EmptyState>
    </>
  );
}
