import { describe, expect, it } from 'vitest';
import { availabilityBudget } from './service-slo.ts';

describe('availabilityBudget (every figure in percent)', () => {
  it('gives 81% availability and -189,900% budget left for 19% failures against 99.99%', () => {
    expect(availabilityBudget(99.99, { total: 200, bad: 38 })).toEqual({
      availabilityPercent: 81,
      errorBudgetRemainingPercent: -189_900,
    });
  });

  it('leaves the whole budget without failures, none when exactly the allowed share failed', () => {
    expect(availabilityBudget(99.9, { total: 5000, bad: 0 })).toEqual({
      availabilityPercent: 100,
      errorBudgetRemainingPercent: 100,
    });
    expect(availabilityBudget(99.9, { total: 10_000, bad: 10 })).toEqual({
      availabilityPercent: 99.9,
      errorBudgetRemainingPercent: 0,
    });
    expect(availabilityBudget(99, { total: 1000, bad: 4 })).toEqual({
      availabilityPercent: 99.6,
      errorBudgetRemainingPercent: 60,
    });
  });

  it('goes negative once more failed than the objective allows', () => {
    expect(availabilityBudget(99.9, { total: 10_000, bad: 30 })).toEqual({
      availabilityPercent: 99.7,
      errorBudgetRemainingPercent: -200,
    });
  });

  it('measures availability without an objective, and nothing without requests', () => {
    expect(availabilityBudget(null, { total: 4, bad: 1 })).toEqual({
      availabilityPercent: 75,
      errorBudgetRemainingPercent: null,
    });
    expect(availabilityBudget(99.9, { total: 0, bad: 0 })).toEqual({
      availabilityPercent: null,
      errorBudgetRemainingPercent: null,
    });
  });
});
