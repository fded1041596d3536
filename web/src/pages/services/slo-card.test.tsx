import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ServiceDetail } from '../../api/contracts.ts';
import { SloAndFindings } from './slo-card.tsx';

/** The service page's `GET /api/v1/services/payment` answer, as the server presents it. */
const payment: ServiceDetail = {
  name: 'payment',
  title: null,
  owner: 'team-payments',
  system: null,
  tier: null,
  lifecycle: null,
  links: [],
  annotations: { 'cairn.dev/slo-availability': '99.99' },
  source: 'both',
  dependsOn: [],
  observedDependencies: [],
  description: null,
  type: 'service',
  tags: [],
  telemetryName: 'payment',
  runbook: null,
  slo: {
    availabilityObjectivePercent: 99.99,
    latencyObjectiveP99Ms: null,
    requests: 200,
    failedRequests: 38,
    availabilityPercent: 81,
    errorBudgetRemainingPercent: -189_900,
  },
  declaredAt: 'catalog/payment.yaml:1',
  findings: [],
  recentChanges: [],
};

/** The `dd` that follows the term `term` on the card. */
function factValue(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  const dd = dt.nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value after ${term}`);
  return dd;
}

describe('SLO card', () => {
  it('shows the 99.99% objective, 81% availability and a negative budget in red', () => {
    render(<SloAndFindings service={payment} />);
    expect(factValue('Availability objective').textContent).toBe('99.99%');
    expect(factValue('Availability in range').textContent).toBe('81%38 of 200 requests failed.');
    const budget = factValue('Error budget left');
    expect(budget.textContent).toBe('-189,900%Overspent: failures used 1,900 times the budget.');
    expect(budget.className).toBe('text-danger');
    expect(factValue('Availability in range').className).toBe('text-danger');
    expect(within(factValue('Latency objective (p99)')).getByText('Not set')).toBeTruthy();
  });

  it('shows dashes, not zeros, while the service loads', () => {
    render(<SloAndFindings service={null} />);
    expect(factValue('Availability objective').textContent).toBe('—');
    expect(factValue('Error budget left').textContent).toBe('—');
    expect(factValue('Error budget left').className).toBe('');
  });
});
