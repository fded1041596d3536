import { describe, expect, it } from 'vitest';
import { sloAttainmentByTier } from './slo-attainment.ts';

describe('sloAttainmentByTier', () => {
  it('groups by tier (untiered last), measures services that served requests, and meets at exactly 99.9 %', () => {
    expect(
      sloAttainmentByTier([
        { service: 'b', tier: 'tier-2', total: 1000, bad: 1 },
        { service: 'a', tier: 'tier-2', total: 1000, bad: 2 },
        { service: 'idle', tier: 'tier-2', total: 0, bad: 0 },
        { service: 'legacy', tier: null, total: 10, bad: 5 },
        { service: 'c', tier: 'tier-1', total: 100, bad: 0 },
      ]),
    ).toEqual({
      targetPercent: 99.9,
      byTier: [
        {
          tier: 'tier-1',
          services: 1,
          measured: 1,
          meeting: 1,
          attainmentPercent: 100,
          availabilityPercent: 100,
          worst: { service: 'c', availabilityPercent: 100 },
        },
        {
          tier: 'tier-2',
          services: 3,
          measured: 2,
          meeting: 1,
          attainmentPercent: 50,
          availabilityPercent: (100 * 1997) / 2000,
          worst: { service: 'a', availabilityPercent: 99.8 },
        },
        {
          tier: 'untiered',
          services: 1,
          measured: 1,
          meeting: 0,
          attainmentPercent: 0,
          availabilityPercent: 50,
          worst: { service: 'legacy', availabilityPercent: 50 },
        },
      ],
    });
  });
});
