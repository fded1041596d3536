import { describe, expect, it } from 'vitest';
import { budgetsUsed, type ServiceSlo, sloFacts } from './slo.ts';

const payment: ServiceSlo = {
  availabilityObjectivePercent: 99.99,
  latencyObjectiveP99Ms: 300,
  requests: 1000,
  failedRequests: 190,
  availabilityPercent: 81,
  errorBudgetRemainingPercent: -189_900,
};

describe('budgetsUsed', () => {
  it('counts whole budgets used from the budget left in percent', () => {
    expect(budgetsUsed(100)).toBe(0);
    expect(budgetsUsed(25)).toBe(0.75);
    expect(budgetsUsed(0)).toBe(1);
    expect(budgetsUsed(-189_900)).toBe(1900);
  });
});

describe('sloFacts', () => {
  it('shows a 99.99% objective missed at 81% as an overspent, negative budget', () => {
    expect(sloFacts(payment)).toEqual([
      { term: 'Availability objective', value: '99.99%', tone: null, note: null },
      {
        term: 'Availability in range',
        value: '81%',
        tone: 'danger',
        note: '190 of 1K requests failed.',
      },
      {
        term: 'Error budget left',
        value: '-189,900%',
        tone: 'danger',
        note: 'Overspent: failures used 1,900 times the budget.',
      },
      { term: 'Latency objective (p99)', value: '300 ms', tone: null, note: null },
    ]);
  });

  it('marks nothing when the objective is met and budget is left', () => {
    const facts = sloFacts({
      ...payment,
      availabilityObjectivePercent: 99.9,
      failedRequests: 1,
      availabilityPercent: 99.95,
      errorBudgetRemainingPercent: 50,
    });
    expect(facts.map((f) => [f.value, f.tone])).toEqual([
      ['99.9%', null],
      ['99.95%', null],
      ['50%', null],
      ['300 ms', null],
    ]);
  });

  it('says why a figure is missing: no objective, no requests', () => {
    const facts = sloFacts({
      availabilityObjectivePercent: null,
      latencyObjectiveP99Ms: null,
      requests: 0,
      failedRequests: 0,
      availabilityPercent: null,
      errorBudgetRemainingPercent: null,
    });
    expect(facts).toEqual([
      {
        term: 'Availability objective',
        value: 'Not set',
        tone: null,
        note: 'Set it with the cairn.dev/slo-availability annotation.',
      },
      { term: 'Availability in range', value: '—', tone: null, note: 'No requests in this range.' },
      { term: 'Error budget left', value: '—', tone: null, note: null },
      { term: 'Latency objective (p99)', value: 'Not set', tone: null, note: null },
    ]);
  });
});
