import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { MetricForecastResponse } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { formatLabels, metricForecastPath, whenText } from './capacity-format.ts';
import { ForecastChart } from './forecast-chart.tsx';

const HORIZON_DAYS = 30;
const plain = (value: number) => String(Math.round(value * 1000) / 1000);

function MetricForecastView({ response }: { response: MetricForecastResponse }) {
  if (response.series.length === 0) {
    return (
      <EmptyState title="No series match">
        No series of {response.name} with at least three {response.stepSeconds / 60}-minute buckets of data in
        the history.
      </EmptyState>
    );
  }
  return (
    <>
      {response.matchedSeries > response.series.length ? (
        <p className="muted">
          {response.matchedSeries} series match; the {response.series.length} largest are shown.
        </p>
      ) : null}
      {response.series.map((s) => {
        const title = `${response.name}${formatLabels(s.labels)}`;
        return (
          <section key={title} className="card" aria-label={title}>
            <h3 className="section-heading">
              <code>{title}</code>{' '}
              {response.limit === null ? null : (
                <span className="badge" data-testid="days-until-limit">
                  {whenText(s.daysUntilLimit, HORIZON_DAYS, 'limit')}
                </span>
              )}
            </h3>
            <p className="muted">
              now {plain(s.current)}
              {response.limit === null ? '' : ` · limit ${plain(response.limit)}`} · forecast by{' '}
              {s.forecast.method.replace('_', ' ')}
              {s.reachesLimitAt ? ` · ${new Date(s.reachesLimitAt).toLocaleString()}` : ''}
            </p>
            <ForecastChart
              title={title}
              history={s.history}
              forecast={s.forecast.points}
              limit={response.limit}
              formatValue={plain}
            />
          </section>
        );
      })}
    </>
  );
}

/**
 * Any metric a person picks: a selector, how to bucket it, and an optional limit. The values live
 * in the URL (`/capacity?selector=…&agg=…&limit=…`) so a forecast can be shared.
 */
export function MetricForecastSection() {
  const [params, setParams] = useSearchParams();
  const current = {
    selector: params.get('selector') ?? '',
    agg: params.get('agg') ?? 'avg',
    limit: params.get('limit') ?? '',
  };
  const [form, setForm] = useState(current);
  const path = metricForecastPath(current);
  const query = useApiQuery<MetricForecastResponse>(path);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (form.selector.trim()) next.set('selector', form.selector.trim());
    if (form.agg !== 'avg') next.set('agg', form.agg);
    if (form.limit.trim()) next.set('limit', form.limit.trim());
    setParams(next);
  };
  return (
    <section className="card" aria-label="Forecast a metric">
      <h2 className="section-heading">Forecast a metric</h2>
      <form onSubmit={submit} className="inline-form">
        <label className="inline-field">
          Selector
          <input
            value={form.selector}
            onChange={(e) => setForm({ ...form, selector: e.target.value })}
            placeholder='node_memory_MemAvailable_bytes{instance="node-a:9100"}'
            size={48}
          />
        </label>
        <label className="inline-field">
          Bucket
          <select value={form.agg} onChange={(e) => setForm({ ...form, agg: e.target.value })}>
            <option value="avg">avg</option>
            <option value="max">max</option>
            <option value="sum">sum</option>
            <option value="rate">rate (counter)</option>
          </select>
        </label>
        <label className="inline-field">
          Limit
          <input
            value={form.limit}
            onChange={(e) => setForm({ ...form, limit: e.target.value })}
            inputMode="decimal"
            placeholder="optional"
            size={12}
          />
        </label>
        <button type="submit" className="button">
          Forecast
        </button>
      </form>
      {path === null ? (
        <p className="muted">
          A metric name and = label matchers, as in PromQL; each matching series is forecast {HORIZON_DAYS}{' '}
          days ahead, with when it reaches the limit.
        </p>
      ) : (
        <ApiView query={query} errorTitle="Could not forecast the metric" rows={2}>
          {(response) => <MetricForecastView response={response} />}
        </ApiView>
      )}
    </section>
  );
}
