import type { CapacityResponse } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatAmount, whenText } from './capacity-format.ts';
import { ForecastChart } from './forecast-chart.tsx';
import { MetricForecastSection } from './metric-forecast-section.tsx';

const HORIZON_DAYS = 30;

function CapacityView({ response }: { response: CapacityResponse }) {
  if (response.resources.length === 0) {
    return (
      <EmptyState title="Nothing to forecast yet">
        Capacity reads node-exporter filesystem series, kubelet volume stats and kube-state-metrics requests,
        allocatable and resource quotas, sent by Prometheus remote write.
      </EmptyState>
    );
  }
  return (
    <>
      {response.resources.map((resource) => {
        const format = formatAmount(resource.unit);
        const soon =
          resource.daysUntilExhausted !== null && resource.daysUntilExhausted <= response.alertWithinDays;
        return (
          <section key={resource.id} className="card" aria-label={resource.name}>
            <h2 className="section-heading">
              {resource.name}{' '}
              <span className={soon ? 'badge text-danger' : 'badge'} data-testid="days-until-exhausted">
                {whenText(resource.daysUntilExhausted, HORIZON_DAYS, 'exhausted')}
              </span>
            </h2>
            <p className="muted">
              {format(resource.current)} of {format(resource.limit)} · forecast by{' '}
              {resource.forecast.method.replace('_', ' ')}
              {resource.exhaustedAt ? ` · ${new Date(resource.exhaustedAt).toLocaleString()}` : ''}
            </p>
            <ForecastChart
              title={resource.name}
              history={resource.history}
              forecast={resource.forecast.points}
              limit={resource.limit}
              formatValue={format}
            />
          </section>
        );
      })}
    </>
  );
}

/** Disks, cluster CPU/memory and namespace quotas, and any metric a person picks: used, forecast with its band, and when each runs out. */
export function CapacityPage() {
  const query = useApiQuery<CapacityResponse>(`/api/v1/capacity?horizonDays=${HORIZON_DAYS}`);
  return (
    <>
      <PageHeader
        title="Capacity"
        description="Node and PVC disks, cluster CPU and memory requests against allocatable, and namespace quotas (used against hard), forecast 30 days ahead with a 95% band. A warning alert fires when something runs out within the alert window."
      />
      <MetricForecastSection />
      <ApiView query={query} errorTitle="Could not load capacity" rows={4}>
        {(response) => <CapacityView response={response} />}
      </ApiView>
    </>
  );
}
