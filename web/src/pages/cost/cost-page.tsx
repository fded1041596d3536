import { useSearchParams } from 'react-router';
import type { AllocationResponse, RightsizingResponse } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { costRows, formatUsd, topMovers } from './cost-format.ts';
import { RightsizingTable } from './rightsizing-table.tsx';

const GROUPINGS = [
  { value: 'team', label: 'Team' },
  { value: 'service', label: 'Service' },
  { value: 'namespace', label: 'Namespace' },
] as const;
const COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#6b7280'];
const DAY_MS = 86_400_000;

function CostView({ response, startMs }: { response: AllocationResponse; startMs: number }) {
  const rows = costRows(response);
  if (rows.length === 0) {
    return (
      <EmptyState title="No cost data yet">
        Cost comes from kube-state-metrics and cAdvisor series sent by Prometheus remote write to{' '}
        <code>/api/v1/write</code>.
      </EmptyState>
    );
  }
  // A day without data is an empty set, so the times come from the window, one step a day.
  const times = response.data.map((_, i) => startMs + i * DAY_MS);
  const shown = rows.slice(0, COLORS.length);
  const movers = topMovers(rows);
  return (
    <>
      <section className="card" aria-label="Daily cost">
        <TimeSeriesChart
          title="Daily cost"
          times={times}
          series={shown.map((row, i) => ({
            label: row.name,
            values: row.daily,
            color: COLORS[i] ?? '#6b7280',
          }))}
          formatValue={formatUsd}
        />
      </section>
      <section aria-labelledby="cost-movers">
        <h2 id="cost-movers" className="section-heading">
          Top movers (last 7 days against the 7 before)
        </h2>
        {movers.length === 0 ? (
          <p className="muted">Nothing changed.</p>
        ) : (
          <ul data-testid="top-movers">
            {movers.map((row) => (
              <li key={row.name}>
                <strong>{row.name}</strong> {row.changeUsd > 0 ? '+' : '−'}
                {formatUsd(Math.abs(row.changeUsd))} ({formatUsd(row.previousWeekUsd)} →{' '}
                {formatUsd(row.lastWeekUsd)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="cost-table">
        <h2 id="cost-table" className="section-heading">
          Cost over 14 days
        </h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>14 days</th>
                <th>Last 7 days</th>
                <th>Previous 7 days</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <td>{row.name}</td>
                  <td>{formatUsd(row.totalUsd)}</td>
                  <td>{formatUsd(row.lastWeekUsd)}</td>
                  <td>{formatUsd(row.previousWeekUsd)}</td>
                  <td>
                    {row.changeUsd >= 0 ? '+' : '−'}
                    {formatUsd(Math.abs(row.changeUsd))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** What each team, service or namespace costs per day (OpenCost allocation), the movers, and right-sizing. */
export function CostPage() {
  const [params, setParams] = useSearchParams();
  const by = GROUPINGS.find((g) => g.value === params.get('by'))?.value ?? 'team';
  // Whole days ending at today's end (UTC), so the query key stays put through the day.
  const end = Math.ceil(Date.now() / DAY_MS) * (DAY_MS / 1000);
  const start = end - 14 * 86_400;
  const allocation = useApiQuery<AllocationResponse>(
    withQuery('/api/v1/cost/allocation', {
      window: `${start},${end}`,
      aggregate: by,
      step: '1d',
    }),
    { keepPrevious: true },
  );
  const rightsizing = useApiQuery<RightsizingResponse>('/api/v1/cost/rightsizing');
  return (
    <>
      <PageHeader
        title="Cost"
        description="Per container and hour, max(request, usage) × price (OpenCost's rule), storage by PVC request, idle node capacity apart."
      />
      <div className="toolbar filters">
        <label className="inline-field">
          Group by
          <select
            value={by}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('by', e.target.value);
              setParams(next);
            }}
          >
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ApiView query={allocation} errorTitle="Could not load cost" rows={6}>
        {(response) => <CostView response={response} startMs={start * 1000} />}
      </ApiView>
      <section aria-labelledby="rightsizing">
        <h2 id="rightsizing" className="section-heading">
          Right-sizing
        </h2>
        <ApiView query={rightsizing} errorTitle="Could not load right-sizing" rows={4}>
          {(response) => <RightsizingTable response={response} />}
        </ApiView>
      </section>
    </>
  );
}
