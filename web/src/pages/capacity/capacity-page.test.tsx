import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapacityResponse, MetricForecastResponse } from '../../api/contracts.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { formatAmount, formatLabels, metricForecastPath, whenText } from './capacity-format.ts';
import { CapacityPage } from './capacity-page.tsx';

// uPlot needs a canvas and matchMedia, which jsdom lacks; the chart is not what this test checks.
vi.mock('../../components/time-series-chart.tsx', () => ({ TimeSeriesChart: () => null }));

const forecast = {
  points: [[1_700_003_600, 21, 20, 22]] as Array<[number, number, number, number]>,
  method: 'linear' as const,
  stepSeconds: 3600,
  seasonalitySeconds: [],
};

const CAPACITY: CapacityResponse = {
  alertWithinDays: 7,
  resources: [
    {
      id: 'quota:shop/objects/pods',
      kind: 'namespace_quota',
      name: 'shop pods (quota objects)',
      unit: 'count',
      labels: { namespace: 'shop', resourcequota: 'objects', resource: 'pods' },
      limit: 50,
      current: 20,
      history: [[1_700_000_000, 20]],
      forecast,
      exhaustedAt: null,
      daysUntilExhausted: null,
    },
  ],
};

const METRIC: MetricForecastResponse = {
  name: 'node_memory_MemAvailable_bytes',
  agg: 'max',
  limit: 2,
  stepSeconds: 3600,
  matchedSeries: 1,
  series: [
    {
      labels: { job: 'node', instance: 'node-a:9100' },
      current: 13.04,
      history: [[1_700_000_000, 13.04]],
      forecast,
      reachesLimitAt: '2026-12-17T00:00:00.000Z',
      daysUntilLimit: 11.04,
    },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('capacity formatting', () => {
  it('formats each unit, a series’ labels and the run-out badge', () => {
    expect(formatAmount('count')(20)).toBe('20');
    expect(formatAmount('cores')(0.25)).toBe('250m');
    expect(formatAmount('bytes')(2 * 1024 ** 3)).toBe('2.00 GiB');
    expect(formatLabels({ job: 'node', instance: 'a' })).toBe('{instance="a", job="node"}');
    expect(whenText(null, 30, 'exhausted')).toBe('does not run out in 30 days');
    expect(whenText(3.25, 30, 'limit')).toBe('reaches the limit in 3.3 days');
  });

  it('asks the API only with a selector, leaving defaults out', () => {
    expect(metricForecastPath({ selector: ' ', agg: 'avg', limit: '' })).toBeNull();
    expect(metricForecastPath({ selector: 'up{job="a"}', agg: 'avg', limit: '' })).toBe(
      '/api/v1/capacity/metric?selector=up%7Bjob%3D%22a%22%7D',
    );
    expect(metricForecastPath({ selector: 'x', agg: 'rate', limit: ' 10 ' })).toBe(
      '/api/v1/capacity/metric?selector=x&agg=rate&limit=10',
    );
  });
});

describe('the capacity page', () => {
  it('shows a namespace quota in its own unit', async () => {
    stubApi({ '/api/v1/capacity': CAPACITY });
    render(
      <AppProviders path="/capacity">
        <CapacityPage />
      </AppProviders>,
    );
    const quota = await screen.findByRole('region', { name: 'shop pods (quota objects)' });
    expect(within(quota).getByTestId('days-until-exhausted').textContent).toBe('does not run out in 30 days');
    expect(within(quota).getByText(/^20 of 50 · forecast by linear/)).toBeTruthy();
  });

  it('forecasts the metric in the URL, and a new selector from the form', async () => {
    const api = stubApi({ '/api/v1/capacity': CAPACITY, '/api/v1/capacity/metric': METRIC });
    render(
      <AppProviders path="/capacity?selector=node_memory_MemAvailable_bytes&agg=max&limit=2">
        <CapacityPage />
      </AppProviders>,
    );
    const series = await screen.findByRole('region', {
      name: 'node_memory_MemAvailable_bytes{instance="node-a:9100", job="node"}',
    });
    expect(within(series).getByTestId('days-until-limit').textContent).toBe('reaches the limit in 11.0 days');
    expect(api.requested).toContain(
      '/api/v1/capacity/metric?selector=node_memory_MemAvailable_bytes&agg=max&limit=2',
    );

    fireEvent.change(screen.getByLabelText('Selector'), { target: { value: 'up{job="api"}' } });
    fireEvent.change(screen.getByLabelText('Bucket'), { target: { value: 'avg' } });
    fireEvent.change(screen.getByLabelText('Limit'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Forecast' }));
    await vi.waitFor(() =>
      expect(api.requested).toContain('/api/v1/capacity/metric?selector=up%7Bjob%3D%22api%22%7D'),
    );
  });
});
