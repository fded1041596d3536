import { describe, expect, it } from 'vitest';
import { levelLabel, nextSteps, percentAtLeast } from './scorecard-summary.ts';

const rule = (name: string, level: 'bronze' | 'silver' | 'gold', passed: boolean) => ({
  name,
  level,
  passed,
  message: passed ? null : `fix ${name}`,
});

describe('scorecard summary', () => {
  it('names the levels', () => {
    expect(levelLabel('gold')).toBe('Gold');
    expect(levelLabel(null)).toBe('Below bronze');
  });

  it('lists the failing rules of the lowest failing level as next steps', () => {
    const score = {
      scorecard: 'readiness',
      service: 'cart',
      team: 'shop',
      level: 'bronze' as const,
      rules: [rule('owner', 'bronze', true), rule('slo', 'silver', false), rule('deploy', 'gold', false)],
    };
    expect(nextSteps(score)).toEqual({ level: 'silver', rules: [rule('slo', 'silver', false)] });
    expect(nextSteps({ ...score, level: 'gold', rules: [rule('owner', 'bronze', true)] })).toBeNull();
  });

  it('gives the share of services at a level or above, in percent', () => {
    const levels = { none: 1, bronze: 1, silver: 1, gold: 1 };
    expect(percentAtLeast(levels, 'silver')).toBe(50);
    expect(percentAtLeast(levels, 'bronze')).toBe(75);
    expect(percentAtLeast({ none: 0, bronze: 0, silver: 0, gold: 0 }, 'gold')).toBe(0);
  });
});
