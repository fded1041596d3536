import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function AlertNoisePage() {
  return (
    <>
      <PageHeader
        title="Alert noise"
        description="Which alert rules fire most, flap, or page without a real incident behind them."
      />
      <EmptyState title="No alerts analysed yet">
        <p>
          Noise analytics are computed from the alerts Cairn receives. Point Alertmanager at{' '}
          <code>/api/v1/integrations/alertmanager</code>; after a few days of alerts, the noisiest rules are
          ranked here so you can fix them at the source.
        </p>
      </EmptyState>
    </>
  );
}
