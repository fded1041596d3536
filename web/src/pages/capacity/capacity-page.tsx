import type { CapacityResource, CapacityResponse } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { formatBytes, formatCores } from '../cost/cost-format.ts';

function formatFor(resource: CapacityResource): (value: number) => string {
  if (resource.unit === 'bytes') return formatBytes;
  if (resource.unit === 'cores') return formatCores;
  return (value) => String(Math.round(value * 100) / 100);
}

/** History, forecast mean and its 95% band, and the limit, on one time axis. */
function ResourceChart({ resource }: { resource: CapacityResource }) {
  const history = resource.history;
  const forecast = resource.forecast.points;
  const times = [...history.map(([t]) => t * 1000), ...forecast.map(([t]) => t * 1000)];
  const blankHistory = history.map(() => null);
  const blankForecast = forecast.map(() => null);
  return (
    <TimeSeriesChart
      title={resource.name}
      times={times}
      formatValue={formatFor(resource)}
      series={[
        { label: 'used', values: [...history.map(([, v]) => v), ...blankForecast], color: '#3b82f6' },
        {
          label: 'forecast',
          values: [...blankHistory, ...forecast.map(([, mean]) => mean)],
          color: '#8b5cf6',
        },
        {
          label: 'lower (95%)',
          values: [...blankHistory, ...forecast.map(([, , lower]) => lower)],
          color: '#c4b5fd',
        },
        {
          label: 'upper (95%)',
          values: [...blankHistory, ...forecast.map(([, , , upper]) => upper)],
          color: '#c4b5fd',
        },
        { label: 'limit', values: times.map(() => resource.limit), color: '#ef4444' },
      ]}
    />
  );
}

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
        const soon =
          resource.daysUntilExhausted !== null && resource.daysUntilExhausted <= response.alertWithinDays;
        return (
          <section key={resource.id} className="card" aria-label={resource.name}>
            <h2 className="section-heading">
              {resource.name}{' '}
              <span className={soon ? 'badge text-danger' : 'badge'} data-testid="days-until-exhausted">
                {resource.daysUntilExhausted === null
                  ? 'does not run out in 30 days'
                  : `runs out in ${resource.daysUntilExhausted.toFixed(1)} days`}
              </span>
            </h2>
            <p className="muted">
              {formatFor(resource)(resource.current)} of {formatFor(resource)(resource.limit)} · forecast by{' '}
              {resource.forecast.method.replace('_', ' ')}
              {resource.exhaustedAt ? ` · ${new Date(resource.exhaustedAt).toLocaleString()}` : ''}
            </p>
            <ResourceChart resource={resource} />
          </section>
        );
      })}
    </>
  );
}

/** Disks and cluster CPU/memory: used, forecast with its band, and when each runs out. */
export function CapacityPage() {
  const query = useApiQuery<CapacityResponse>('/api/v1/capacity?horizonDays=30');
  return (
    <>
      <PageHeader
        title="Capacity"
        description="Node and PVC disks, cluster CPU and memory requests against allocatable, and namespace quotas (used against hard), forecast 30 days ahead with a 95% band. A warning alert fires when something runs out within the alert window."
      />
      <ApiView query={query} errorTitle="Could not load capacity" rows={4}>
        {(response) => <CapacityView response={response} />}
      </ApiView>
    </>
  );
}
