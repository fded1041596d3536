import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Allocation, AllocationResponse, RightsizingResponse } from '../../api/contracts.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { CostPage } from './cost-page.tsx';

// uPlot needs a canvas and matchMedia, which jsdom lacks; the chart is not what this test checks.
vi.mock('../../components/time-series-chart.tsx', () => ({ TimeSeriesChart: () => null }));

const DAY = 86_400_000;

function allocation(name: string, dayIndex: number, totalCost: number): Allocation {
  const start = new Date(Date.UTC(2026, 10, 20) + dayIndex * DAY).toISOString();
  const end = new Date(Date.UTC(2026, 10, 20) + (dayIndex + 1) * DAY).toISOString();
  const zero = {
    minutes: 1440,
    cpuCores: 0,
    cpuCoreRequestAverage: 0,
    cpuCoreUsageAverage: 0,
    cpuCoreHours: 0,
    cpuCost: totalCost,
    cpuCostAdjustment: 0,
    cpuEfficiency: 0,
    gpuCount: 0,
    gpuHours: 0,
    gpuCost: 0,
    gpuCostAdjustment: 0,
    networkTransferBytes: 0,
    networkReceiveBytes: 0,
    networkCost: 0,
    networkCostAdjustment: 0,
    loadBalancerCost: 0,
    loadBalancerCostAdjustment: 0,
    pvBytes: 0,
    pvByteHours: 0,
    pvCost: 0,
    pvCostAdjustment: 0,
    ramBytes: 0,
    ramByteRequestAverage: 0,
    ramByteUsageAverage: 0,
    ramByteHours: 0,
    ramCost: 0,
    ramCostAdjustment: 0,
    ramEfficiency: 0,
    sharedCost: 0,
    externalCost: 0,
    totalEfficiency: 0,
  };
  return { name, properties: {}, window: { start, end }, start, end, ...zero, totalCost };
}

// 14 days: team-orders doubles in the second week, team-storefront stays flat.
const ALLOCATION: AllocationResponse = {
  code: 200,
  data: Array.from({ length: 14 }, (_, day) => ({
    'team-orders': allocation('team-orders', day, day < 7 ? 1 : 2),
    'team-storefront': allocation('team-storefront', day, 3),
    __idle__: allocation('__idle__', day, day < 7 ? 5 : 4),
  })),
};

const RIGHTSIZING: RightsizingResponse = {
  totalMonthlySavingUsd: 42.5,
  recommendations: [
    {
      namespace: 'shop',
      pod: 'recommendation-0',
      workload: 'recommendation',
      container: 'recommendation',
      service: 'recommendation',
      team: 'team-storefront',
      current: { cpuCores: 2, memoryBytes: 4 * 1024 ** 3 },
      recommended: { cpuCores: 0.138, memoryBytes: 806 * 1024 ** 2 },
      usage: { cpuP90Cores: 0.12, cpuMaxCores: 0.12, memoryPeakBytes: 700 * 1024 ** 2, samples: 2300 },
      limits: {
        current: { cpuCores: null, memoryBytes: 8 * 1024 ** 3 },
        recommended: { cpuCores: null, memoryBytes: 1612 * 1024 ** 2 },
      },
      oomKilled: false,
      warnings: [],
      monthlySavingUsd: 42.5,
      action: {
        id: 'set-requests',
        service: 'recommendation',
        inputs: {
          environment: 'shop',
          container: 'recommendation',
          cpuMillicores: 138,
          memoryMiB: 806,
          memoryLimitMiB: 1612,
        },
      },
    },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the cost page', () => {
  it('shows the week-over-week movers, the table and the right-sizing saving', async () => {
    const api = stubApi({ '/api/v1/cost/allocation': ALLOCATION, '/api/v1/cost/rightsizing': RIGHTSIZING });
    render(
      <AppProviders path="/cost">
        <CostPage />
      </AppProviders>,
    );
    const movers = await screen.findByTestId('top-movers');
    // Idle is not a mover; team-storefront did not move.
    expect(
      within(movers)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['team-orders +$7.00 ($7.00 → $14.00)']);
    const table = await screen.findByTestId('rightsizing-table');
    expect(within(table).getByText('shop/recommendation')).toBeTruthy();
    expect(screen.getByText('$42.50', { selector: 'strong' })).toBeTruthy();
    // One click to the action's run form, prefilled with the recommended values.
    expect(within(table).getByRole('link', { name: 'Apply…' }).getAttribute('href')).toBe(
      '/actions/set-requests/run?service=recommendation&environment=shop&container=recommendation&cpuMillicores=138&memoryMiB=806&memoryLimitMiB=1612',
    );
    const request = api.requested.find((r) => r.startsWith('/api/v1/cost/allocation'));
    expect(request).toContain('aggregate=team');
    expect(request).toContain('step=1d');
  });
});
